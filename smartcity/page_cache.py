"""Whole public pages kept in the cache for visitors who are not signed in.

An anonymous visitor sees the same home page, project, forum thread, event or guide as every
other anonymous visitor, so the rendered page is kept in the cache (Redis in production) and
the next anonymous request for it costs one cache read and no database query.

Which requests: GET and HEAD to a view decorated with `@public_page`, from a browser that
carries no session cookie and no Authorization header (a session cookie may mean a signed-in
user, messages or a half-finished form: those requests always run the view). Which answers:
200 answers that set no cookie, write nothing to the session, show no message and do not say
`Cache-Control: private` or `no-store`.

The key: the full URL (scheme, host, path and query string), the language the site has
resolved for the request (smartcity.middleware.LanguageMiddleware: the language cookie, else
Danish, since the signed-in user's own preference never reaches this cache) and whether it is
an htmx request (htmx asks the same URL for a fragment).

Per-request parts of a page: the CSRF token of the language switch (and any other form) and
the CSP nonce of the inline scripts. Both are taken out of the body before it is stored and
put back, fresh for this request, when it is served: every visitor gets their own token (and
CSRF cookie, which the CSRF middleware sets as for any page) and their own nonce. The stored
body therefore holds nothing that belongs to one visitor.

Freshness: one site-wide version token in the cache. Saving or deleting a row of public
content (projects, forum, events, guides, datasets, municipalities, the moderation decisions
that publish, reject and hide, a member's display name) replaces the token when the transaction
commits (`content_changed`), and a page stored under an older token counts as missing. A
request remembers the token it started with, so a page rendered from data older than a commit
is never stored under the newer token. Changes that are not row writes (an event that starts
and moves to the archive, a registration deadline that passes) are caught by the time limit,
`PAGE_CACHE_SECONDS` (60 by default; 0 turns the page cache off).
"""

import hashlib
import logging
import re
import uuid
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import _does_token_match, get_token
from django.utils.cache import get_max_age

logger = logging.getLogger(__name__)

VERSION_KEY = "page-cache:version"
CSRF_PLACEHOLDER = b"@@page-cache-csrf-token@@"
NONCE_PLACEHOLDER = b"@@page-cache-csp-nonce@@"
# A masked CSRF token as Django writes it: 64 letters and digits.
_TOKEN_SHAPE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")

# Apps whose rows are shown on public pages, and the models among them that are not.
PUBLIC_APPS = {
    "projects",
    "forum",
    "events",
    "guides",
    "places",
    "catalogue",
    "moderation",
    "accounts",
}
PRIVATE_MODELS = {
    "forum.subscription",
    "forum.threadread",
    "forum.readcutoff",
    "places.geocodecacheentry",
    "catalogue.harvestsource",
    "catalogue.harvestrun",
    "moderation.blockedterm",
    "moderation.rejectiontemplate",
    "accounts.staffrequest",
    "accounts.dataexport",
}
# A member's row changes on every sign-in; only some fields are ever shown to others.
PRIVATE_USER_FIELDS = {"last_login", "language", "password", "staff_verified_at"}


def public_page(view):
    """Serve the view's answer to anonymous visitors from the cache (see the module docs)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _page_key(request)
        try:
            found = cache.get_many([VERSION_KEY, key])
            version = found.get(VERSION_KEY) or _start_version()
        except Exception:  # the cache is down: the page is still served, from the database
            logger.warning("page cache unavailable", exc_info=True)
            return view(request, *args, **kwargs)
        entry = found.get(key)
        if entry is not None and entry[0] == version:
            return _served(request, entry)
        response = view(request, *args, **kwargs)
        if _cacheable_response(request, response):
            try:
                cache.set(key, _stored(request, response, version), settings.PAGE_CACHE_SECONDS)
            except Exception:
                logger.warning("page cache unavailable", exc_info=True)
            else:
                response.headers["X-Page-Cache"] = "miss"
        return response

    return wrapper


def content_changed() -> None:
    """Public content changed: pages stored until now are out of date.

    The new version at commit is the one that counts: a page rendered before the commit from
    the old rows is stored under the version it started with, so it is stale after it. The
    version changes at once too, so that pages read later in the same transaction (a test runs
    inside one) do not come from before the change."""
    _new_version()
    connection = transaction.get_connection(DEFAULT_DB_ALIAS)
    if not connection.in_atomic_block:
        return
    if not any(func is _new_version for _sids, func, _robust in connection.run_on_commit):
        transaction.on_commit(_new_version)  # once per transaction is enough


def _new_version() -> None:
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        # A cache outage must not fail the write that changed the content. Pages stored
        # before it are at most PAGE_CACHE_SECONDS old when the cache comes back.
        logger.warning("page cache version not changed", exc_info=True)


def _start_version() -> str:
    cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    return cache.get(VERSION_KEY) or ""


def _cacheable_request(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.user.is_authenticated
    )


def _page_key(request) -> str:
    parts = [
        request.build_absolute_uri(),
        getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
        request.headers.get("HX-Request", ""),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"page-cache:page:{digest}"


def _cacheable_response(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control or get_max_age(response) == 0:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    # A message shown on this page belongs to this visitor (and travels in the session).
    return not len(messages.get_messages(request))


def _stored(request, response, version: str) -> tuple:
    """What is kept: the body without this visitor's CSRF token and CSP nonce."""
    body = response.content
    secret = request.META.get("CSRF_COOKIE")
    if secret:
        body = _TOKEN_SHAPE.sub(
            lambda found: (
                CSRF_PLACEHOLDER
                if _does_token_match(found.group().decode(), secret)
                else found.group()
            ),
            body,
        )
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str) and nonce:
        body = body.replace(nonce.encode(), NONCE_PLACEHOLDER)
    headers = [(name, value) for name, value in response.items() if name != "X-Page-Cache"]
    return (version, response.status_code, headers, body)


def _served(request, entry: tuple) -> HttpResponse:
    _version, status, headers, body = entry
    if CSRF_PLACEHOLDER in body:
        body = body.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    if NONCE_PLACEHOLDER in body:
        body = body.replace(NONCE_PLACEHOLDER, str(request.csp_nonce).encode())
    response = HttpResponse(body, status=status)
    for name, value in headers:
        response.headers[name] = value
    response.headers["X-Page-Cache"] = "hit"
    return response


# --- Shared data behind signed-in pages ------------------------------------------------------


def shared_get(key: str) -> tuple[str | None, object]:
    """Data derived from public content alone (the same for every reader, e.g. the posts of a
    thread page), kept under the same version token as the pages: the current version and
    what `key` holds for it (None when it is missing or older), in one cache read. Stored with
    `shared_set(key, version, value)`, under the version read before the database was (the
    freshness rule of the module docs). (None, None) when the page cache is off or down."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return None, None
    try:
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or _start_version()
    except Exception:
        logger.warning("page cache unavailable", exc_info=True)
        return None, None
    entry = found.get(key)
    if entry is not None and entry[0] == version:
        return version, entry[1]
    return version, None


def shared_set(key: str, version: str | None, value) -> None:
    if version is None:
        return
    try:
        cache.set(key, (version, value), settings.PAGE_CACHE_SECONDS)
    except Exception:
        logger.warning("page cache unavailable", exc_info=True)


# --- Knowing when public content changes ---------------------------------------------------


def _is_public(model) -> bool:
    meta = model._meta
    return meta.app_label in PUBLIC_APPS and meta.label_lower not in PRIVATE_MODELS


def _row_saved(sender, instance, update_fields=None, **kwargs) -> None:
    if not _is_public(sender):
        return
    if sender._meta.label_lower == settings.AUTH_USER_MODEL.lower() and update_fields:
        if set(update_fields) <= PRIVATE_USER_FIELDS:
            return
    content_changed()


def _row_deleted(sender, **kwargs) -> None:
    if _is_public(sender):
        content_changed()


def _relation_changed(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_") and _is_public(type(instance)):
        content_changed()


def connect_signals() -> None:
    post_save.connect(_row_saved, dispatch_uid="page_cache_row_saved")
    post_delete.connect(_row_deleted, dispatch_uid="page_cache_row_deleted")
    m2m_changed.connect(_relation_changed, dispatch_uid="page_cache_relation_changed")
