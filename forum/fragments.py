"""Rendered HTML of the posts on a thread page and the rows of a category page, cached per
version.

A post's opening tag, header, text and images look the same to every reader, and so does a
thread's row in a category list apart from its "new posts" flag. Each is rendered once and kept
in the cache under a key built from everything it shows: for a post its id, state, edit stamp,
text, whether it is the accepted answer, its author (name, role, municipality) and images; for
a row the thread's title, flags, counts, latest activity and the reader's unread flag; for both
the language and time zone of the page. Anything that changes gives a new key, so nothing is
invalidated by hand; old entries expire. What differs per reader beyond that (the actions under
a post: useful, quote, edit, report, moderation) stays out and is rendered per request
(forum_tags.post_actions). One cache round trip per page; only missing versions are rendered.
"""

import hashlib

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from .models import Post, Thread

TIMEOUT = 24 * 3600
VERSION = 2  # raise when post_content.html or thread_row.html changes


def _key(kind: str, pk: int, version: list) -> str:
    version = [VERSION, translation.get_language(), timezone.get_current_timezone_name(), *version]
    digest = hashlib.blake2b(repr(version).encode(), digest_size=16).hexdigest()
    return f"forum:{kind}:{pk}:{digest}"


def _attach(objects, kind: str, template: str, version_of, context_of) -> None:
    """Set `fragment_html` on each object: from the cache in one round trip, rendering (and
    storing) only those whose version is not there yet."""
    keys = [_key(kind, obj.pk, version_of(obj)) for obj in objects]
    found = cache.get_many(keys)
    rendered = {}
    for obj, key in zip(objects, keys, strict=True):
        html = found.get(key)
        if html is None:
            html = rendered[key] = render_to_string(template, context_of(obj))
        obj.fragment_html = mark_safe(html)  # noqa: S308 - our own template rendered it
    if rendered:
        cache.set_many(rendered, timeout=TIMEOUT)


def _post_version(post: Post) -> list:
    author = post.author_info
    version = [
        post.pk,
        post.state,
        post.created_at,
        post.edited_at,
        post.is_solution,
        post.url,
        post.body_html,
    ]
    if author is not None:
        municipality = author.municipality.name if author.municipality_id else ""
        version += [author.pk, author.display_name, author.role, municipality]
    for attachment in post.attachment_list:
        version += [attachment.pk, attachment.width, attachment.height, attachment.alt_text]
    return version


def attach_post_html(posts: list[Post], *, id_prefix: str = "", compact: bool = False) -> None:
    """Each post's opening tag, header, text and images as `fragment_html`
    (post_content.html); the page closes the tag after the reader's actions."""
    _attach(
        posts,
        f"post{'-compact' if compact else ''}{id_prefix}",
        "forum/includes/post_content.html",
        _post_version,
        lambda post: {"post": post, "id_prefix": id_prefix, "compact": compact},
    )


def _row_version(thread: Thread) -> list:
    return [
        thread.title,
        thread.slug,
        thread.state,
        thread.is_pinned,
        thread.is_locked,
        thread.is_solved,
        thread.reply_count,
        thread.last_post_at,
        thread.author.display_name if thread.author_id else None,
        thread.author.is_municipal_staff if thread.author_id else None,
        thread.last_poster.display_name if thread.last_poster_id else None,
        thread.last_poster.is_municipal_staff if thread.last_poster_id else None,
        getattr(thread, "is_unread", False),
    ]


def attach_thread_rows(threads: list[Thread]) -> None:
    """Each thread's row in the category list as `fragment_html` (thread_row.html)."""
    _attach(
        threads,
        "thread-row",
        "forum/includes/thread_row.html",
        _row_version,
        lambda thread: {"thread": thread},
    )


# The empty reply form depends on the code and the language only, so each process renders it
# once per language (a deploy starts new processes, so it never outlives the code).
_blank_forms: dict[tuple[str, str], str] = {}


def blank_form_html(form) -> str | None:
    """The fields of an unbound form without initial values, rendered once per language."""
    if form is None or form.is_bound or form.initial:
        return None
    key = (type(form).__name__, translation.get_language())
    if key not in _blank_forms:
        _blank_forms[key] = render_to_string("forum/includes/form_fields.html", {"form": form})
    return mark_safe(_blank_forms[key])  # noqa: S308 - our own template rendered it
