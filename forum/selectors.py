"""Reads for the forum pages, feeds and API, each in a fixed number of queries.

The thread page follows Misago: fetch the page of posts, then collect the ids it needs and
fetch each kind of related object (authors with their municipality and moderator flag,
attachments, the reader's "useful" marks) in one query each.
"""

import copy
import re
from dataclasses import dataclass, field
from datetime import UTC
from html import unescape

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import escape, strip_tags

from accounts.models import User
from accounts.roles import MODERATORS_GROUP
from catalogue.uses import Use
from participation.models import Follow
from smartcity import page_cache
from smartcity import search as text_search

from . import permissions
from .models import (
    Attachment,
    Category,
    Post,
    Reaction,
    ReadCutoff,
    State,
    Subscription,
    Thread,
    ThreadRead,
)

POSTS_PER_PAGE = 20
THREADS_PER_PAGE = 25
SEARCH_RESULTS_PER_PAGE = 20


def readable_categories(user) -> QuerySet[Category]:
    return Category.objects.filter(visibility__in=permissions.readable_visibilities(user))


def read_cutoff_cache_key(user_id: int) -> str:
    return f"forum:read-cutoff:{user_id}"


def read_cutoff(user):
    """The moment before which everything counts as read: "mark all read", else sign-up.

    Kept in the cache (services.mark_all_read refreshes it), so list pages pass the planner
    a literal and it can use the activity index."""
    key = read_cutoff_cache_key(user.pk)
    cutoff = cache.get(key)
    if cutoff is None:
        marked = ReadCutoff.objects.filter(user=user).values_list("all_read_at", flat=True)
        cutoff = marked.first() or user.date_joined
        cache.set(key, cutoff, timeout=24 * 3600)
    return cutoff


def _unread_threads(user) -> QuerySet[Thread]:
    read = ThreadRead.objects.filter(
        user=user, thread=OuterRef("pk"), last_read_at__gte=OuterRef("last_post_at")
    )
    return Thread.objects.filter(state=State.PUBLISHED, last_post_at__gt=read_cutoff(user)).exclude(
        Exists(read)
    )


def index_categories(*, user) -> list[Category]:
    """Categories the user may read, with the latest thread and (signed in) an unread flag."""
    categories = readable_categories(user).select_related("last_thread")
    if user.is_authenticated:
        categories = categories.annotate(
            has_unread=Exists(_unread_threads(user).filter(category=OuterRef("pk")))
        )
    return list(categories)


def category_for_reader(*, slug: str, user) -> Category | None:
    """The category by slug (kept with the public pages' version token, smartcity.page_cache);
    signed in, with the reader's `is_watching` flag and the number of unpublished threads they
    see (`reader_unpublished`), read in one small query."""
    key = f"forum:category:{slug}"
    version, category = page_cache.shared_get(key)
    if category is None:
        category = Category.objects.filter(slug=slug).first()
        if category is None:
            return None
        page_cache.shared_set(key, version, category)
    if user.is_authenticated:
        own = "" if permissions.is_moderator(user) else "AND t.author_id = %s AND t.state = %s"
        sql = f"""
            SELECT
                EXISTS (
                    SELECT 1 FROM {Subscription._meta.db_table} s
                    WHERE s.user_id = %s AND s.category_id = %s
                ),
                (SELECT COUNT(*) FROM {Thread._meta.db_table} t
                 WHERE t.category_id = %s AND t.state <> %s {own})
        """  # noqa: S608 - table names, no input
        params = [user.pk, category.pk, category.pk, State.PUBLISHED]
        if own:
            params += [user.pk, State.NEEDS_REVIEW]
        watching, category.reader_unpublished = _one_row(sql, params)
        category.is_watching = bool(watching)
    return category


def category_threads(*, category: Category, user, page_number) -> Page:
    """A page of the category's threads, pinned first, then by latest activity; each thread
    carries `is_unread` for signed-in users. The page of threads every reader who sees only
    the published ones gets alike is kept with the public pages' version token
    (smartcity.page_cache); the reader's own read markers are then read on their own."""
    unpublished = getattr(category, "reader_unpublished", 0)
    # The published threads are counted by services.category_refresh(); a signed-in reader may
    # also see some that are not (category_for_reader counts those). The page is worked out
    # from that count, and its threads read only when they are not in the cache.
    paginator = Paginator(range(category.thread_count + unpublished), THREADS_PER_PAGE)
    page = paginator.get_page(page_number)
    version, shared = None, None
    if not unpublished:
        shared_key = f"forum:category-page:{category.pk}:{page.number}"
        version, shared = page_cache.shared_get(shared_key)
    if shared is not None:
        page.object_list = shared
        if user.is_authenticated:
            read_at = dict(
                ThreadRead.objects.filter(
                    user=user, thread_id__in=[thread.pk for thread in shared]
                ).values_list("thread_id", "last_read_at")
            )
            for thread in shared:
                thread.reader_read_at = read_at.get(thread.pk)
    else:
        start = (page.number - 1) * THREADS_PER_PAGE
        threads = _category_threads(category=category, user=user, published=not unpublished)
        page.object_list = list(threads[start : start + THREADS_PER_PAGE])
        if not unpublished:
            # The reader's own markers are not stored.
            readers = [thread.__dict__.pop("reader_read_at", None) for thread in page.object_list]
            page_cache.shared_set(shared_key, version, page.object_list)
            for thread, read_at in zip(page.object_list, readers, strict=True):
                thread.reader_read_at = read_at
    if user.is_authenticated:
        _mark_unread(user=user, threads=page.object_list)
    return page


def _category_threads(*, category: Category, user, published: bool) -> QuerySet[Thread]:
    # All the reader sees is published: one state, which the listing index reads in order.
    visible = Q(state=State.PUBLISHED) if published else permissions.visible_states_q(user)
    threads = (
        Thread.objects.filter(category=category)
        .filter(visible)
        .select_related("author", "last_poster")
        # What a row shows (forum.fragments, thread_row.html) and no more.
        .only(
            "category_id",
            "title",
            "slug",
            "state",
            "is_pinned",
            "is_locked",
            "solution_id",
            "post_count",
            "last_post_at",
            *(
                f"{member}__{name}"
                for member in ("author", "last_poster")
                for name in ("display_name", "municipality_id", "staff_verified_at")
            ),
        )
        .order_by("-is_pinned", "-last_post_at", "-id")
    )
    if user.is_authenticated:
        read = ThreadRead.objects.filter(user=user, thread=OuterRef("pk"))
        threads = threads.annotate(reader_read_at=Subquery(read.values("last_read_at")[:1]))
    return threads


def _mark_unread(*, user, threads) -> None:
    """Set `is_unread` on threads carrying the reader's `reader_read_at`."""
    cutoff = read_cutoff(user)
    for thread in threads:
        seen = max(filter(None, [thread.reader_read_at, cutoff]))
        thread.is_unread = bool(thread.last_post_at and thread.last_post_at > seen)


def thread_for_reader(*, pk: int, user) -> Thread | None:
    """The thread with its category and project, if the user may read it; signed in, with
    the reader's own state (_attach_reader_state). The thread with its category and project is
    the same for every reader, so it is kept with the public pages' version token
    (smartcity.page_cache)."""
    key = f"forum:thread:{pk}"
    version, thread = page_cache.shared_get(key)
    if thread is None:
        thread = Thread.objects.select_related("category", "project").filter(pk=pk).first()
        if thread is None:
            return None
        page_cache.shared_set(key, version, thread)
    if not permissions.can_read_thread(user, thread):
        return None
    if user.is_authenticated:
        _attach_reader_state(thread, user)
    return thread


# The reader's state on a thread page, in one small query whatever the thread: their read
# marker, whether they watch the thread, and how many unpublished posts they see (their own
# waiting for review; a moderator all), for the page count. Plain SQL: it runs on every
# signed-in page view, and the ORM took longer to build it than the database to answer it.
_READER_STATE_SQL = """
SELECT r.id, r.last_read_at, r.last_read_post_id, r.notified_at,
    EXISTS (
        SELECT 1 FROM {follow} f INNER JOIN {content_type} ct ON ct.id = f.content_type_id
        WHERE ct.app_label = %s AND ct.model = %s AND f.object_id = %s AND f.user_id = %s
    ),
    (SELECT COUNT(*) FROM {post} p WHERE p.thread_id = %s AND p.state <> %s {own})
FROM (SELECT 1 AS one) AS one
LEFT OUTER JOIN {read} r ON r.thread_id = %s AND r.user_id = %s
"""


def _one_row(sql: str, params: list) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _moment(value):
    """A moment read with plain SQL as the ORM would give it: aware (SQLite gives it naive, as
    text when the column type is not known)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def _attach_reader_state(thread: Thread, user) -> None:
    own = "" if permissions.is_moderator(user) else "AND p.author_id = %s AND p.state = %s"
    sql = _READER_STATE_SQL.format(
        follow=Follow._meta.db_table,
        content_type=ContentType._meta.db_table,
        post=Post._meta.db_table,
        read=ThreadRead._meta.db_table,
        own=own,
    )
    meta = Thread._meta
    params = [meta.app_label, meta.model_name, thread.pk, user.pk, thread.pk, State.PUBLISHED]
    if own:
        params += [user.pk, State.NEEDS_REVIEW]
    params += [thread.pk, user.pk]
    row = _one_row(sql, params)
    thread.reader_read_id, read_at, thread.reader_read_post_id, notified_at = row[:4]
    thread.reader_read_at, thread.reader_notified_at = _moment(read_at), _moment(notified_at)
    watching, unpublished = row[4:]
    thread.reader_watching = bool(watching)
    thread.reader_unpublished = unpublished


@dataclass
class ThreadPage:
    thread: Thread
    page: Page
    posts: list[Post]
    solution: Post | None
    is_watching: bool = False
    read: ThreadRead | None = None  # the reader's marker before this visit
    authors: dict[int, User] = field(default_factory=dict)


def _posts_to_show(user) -> QuerySet[Post]:
    """Posts with what a thread page shows of them, in one query: the author with their
    municipality and moderator flag, whether the post has images and (for a member) whether
    the reader marked it useful."""
    author_is_moderator = User.groups.through.objects.filter(
        user_id=OuterRef("author_id"), group__name=MODERATORS_GROUP
    )
    posts = (
        Post.objects.select_related("author", "author__municipality")
        .only(
            "thread_id",
            "author_id",
            "body_html",
            "state",
            "created_at",
            "edited_at",
            "useful_count",
            "author__display_name",
            "author__is_superuser",
            "author__municipality_id",
            "author__staff_verified_at",
            "author__municipality__name",
            "author__municipality__slug",
        )
        .annotate(
            author_in_moderators=Exists(author_is_moderator),
            has_attachments=Exists(Attachment.objects.filter(post_id=OuterRef("pk"))),
        )
    )
    if permissions.is_member(user):
        posts = posts.annotate(
            marked_useful=Exists(Reaction.objects.filter(user=user, post_id=OuterRef("pk")))
        )
    return posts


def _with_details(posts: list[Post]) -> None:
    """Set what the page shows of each post beyond its row: `author_info` (with the moderator
    flag read along) and `attachment_list` (one query for the posts that have images)."""
    attachments: dict[int, list[Attachment]] = {}
    with_images = [post.pk for post in posts if post.has_attachments]
    if with_images:
        for attachment in Attachment.objects.filter(post_id__in=with_images):
            attachments.setdefault(attachment.post_id, []).append(attachment)
    for post in posts:
        author = post.author
        author.in_moderators = post.author_in_moderators  # for author.role, no query
        post.author_info = author
        post.attachment_list = attachments.get(post.pk, [])


def _reader_marks(user, posts: list[Post]) -> set[int]:
    """The posts among these that the reader marked useful. A post nobody marked needs no
    question: on a page without useful marks this costs no query."""
    if not permissions.is_member(user) or not any(post.useful_count for post in posts):
        return set()
    return set(
        Reaction.objects.filter(user=user, post_id__in=[post.pk for post in posts]).values_list(
            "post_id", flat=True
        )
    )


def thread_page(*, thread: Thread, user, page_number) -> ThreadPage:
    """A page of the thread's posts with all they show. What every reader who sees only the
    published posts gets alike (the posts, their authors and images, an accepted answer on
    another page) is kept with the public pages' version token (smartcity.page_cache): a
    signed-in page view then reads only the reader's own state."""
    unpublished = getattr(thread, "reader_unpublished", 0)
    # The published posts are counted by services.thread_refresh(); a signed-in reader may
    # also see some that are not (thread_for_reader counts those). The page is worked out from
    # that count, and its posts read only when they are not in the cache.
    paginator = Paginator(range(thread.post_count + unpublished), POSTS_PER_PAGE)
    if page_number == "last":
        page_number = paginator.num_pages
    page = paginator.get_page(page_number)
    version, shared = None, None
    if not unpublished:
        shared_key = f"forum:thread-page:{thread.pk}:{page.number}:{thread.solution_id}"
        version, shared = page_cache.shared_get(shared_key)
    if shared is not None:
        posts, solution = shared
        marked = None
    else:
        visible = permissions.visible_states_q(user)
        if not unpublished:
            # All the reader sees is published: one state, which the page index reads in order.
            visible = Q(state=State.PUBLISHED)
        # The page's ids first (an index scan that stops at the page), then those posts with
        # all they show: the join never touches the rest of a long thread.
        start = (page.number - 1) * POSTS_PER_PAGE
        post_ids = (
            Post.objects.filter(thread=thread)
            .filter(visible)
            .order_by("created_at", "id")
            .values_list("pk", flat=True)[start : start + POSTS_PER_PAGE]
        )
        posts = list(_posts_to_show(user).filter(pk__in=post_ids).order_by("created_at", "id"))
        solution = None
        if thread.solution_id is not None and thread.solution_id not in {p.pk for p in posts}:
            solution = _posts_to_show(user).filter(pk=thread.solution_id).first()
        shown = posts + ([solution] if solution is not None else [])
        _with_details(shown)
        marked = {post.pk for post in shown if getattr(post, "marked_useful", False)}
        if not unpublished:
            for post in shown:  # the reader's own, not for the cache
                post.__dict__.pop("marked_useful", None)
            page_cache.shared_set(shared_key, version, (posts, solution))
    page.object_list = posts
    if thread.solution_id is not None and solution is None:
        on_page = [post for post in posts if post.pk == thread.solution_id]
        # Shown twice when on the page (under the question too), so a copy of its own.
        solution = copy.copy(on_page[0]) if on_page else None
    if solution is not None and not permissions.can_see(user, solution):
        solution = None
    shown = posts + ([solution] if solution is not None else [])
    if marked is None:
        marked = _reader_marks(user, shown)
    is_watching = False
    read = None
    if user.is_authenticated and hasattr(thread, "reader_watching"):
        is_watching = thread.reader_watching
        if thread.reader_read_id is not None:
            read = ThreadRead(
                pk=thread.reader_read_id,
                user=user,
                thread=thread,
                last_read_at=thread.reader_read_at,
                last_read_post_id=thread.reader_read_post_id,
                notified_at=thread.reader_notified_at,
            )
    authors = {}
    for post in shown:
        authors[post.author_info.pk] = post.author_info
        post.marked_useful = post.pk in marked
        post.is_solution = post.pk == thread.solution_id
        post.is_opening = post.pk == thread.first_post_id
    return ThreadPage(
        thread=thread,
        page=page,
        posts=posts,
        solution=solution,
        is_watching=is_watching,
        read=read,
        authors=authors,
    )


def post_position(*, post: Post, user) -> int:
    """1-based position of the post among those the user sees in its thread."""
    return (
        Post.objects.filter(thread_id=post.thread_id)
        .filter(permissions.visible_states_q(user))
        .filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, id__lte=post.pk))
        .count()
    )


def public_threads() -> QuerySet[Thread]:
    """Published threads in public categories: what feeds, the API and anonymous pages show."""
    return Thread.objects.filter(
        state=State.PUBLISHED, category__visibility=Category.Visibility.PUBLIC
    )


def public_posts() -> QuerySet[Post]:
    return Post.objects.filter(
        state=State.PUBLISHED,
        thread__state=State.PUBLISHED,
        thread__category__visibility=Category.Visibility.PUBLIC,
    )


def municipality_threads(*, municipality, limit: int = 5) -> list[Thread]:
    """Recent public threads started by the municipality's staff."""
    return list(
        public_threads()
        .filter(author__municipality=municipality)
        .select_related("category")
        .order_by("-last_post_at")[:limit]
    )


# --- Search -----------------------------------------------------------------------------------

# Private-use characters mark the hits in a headline, so the snippet can be HTML-escaped first
# and the marks turned into <mark> afterwards: user text never reaches the page unescaped.
_START, _STOP = "\ue000", "\ue001"


def _highlight(text: str) -> str:
    return escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>")


@dataclass
class PostMatch:
    post: Post
    snippet: str  # safe HTML: plain text around the hits, hits in <mark>


@dataclass
class SearchHit:
    """One thread in the results, with its best-matching posts (best first)."""

    thread: Thread
    matches: list[PostMatch]
    match_count: int  # matching posts in the thread, shown or not
    rank: float = 0.0  # its best post's (smartcity.search), for ranking with other content

    @property
    def post(self) -> Post:
        return self.matches[0].post

    @property
    def snippet(self) -> str:
        return self.matches[0].snippet


MATCHES_PER_THREAD = 3


# What forum search reads (smartcity.search): the stored vector on PostgreSQL (the thread title
# on the opening post A, the body C; services.post_search_vector_update), these fields on SQLite.
SEARCH = text_search.Source(fields=(("thread__title", "A"), ("body", "C")), vector="search_vector")


def search_posts(*, user, query: str, page_number) -> tuple[Page, list[SearchHit]]:
    """A page of threads whose posts match, each thread once with its best-matching posts,
    best first (smartcity.search: Danish stemming on PostgreSQL).

    Every word is matched whole: the forum's search is sent with its button, so no word is
    still being typed, and a prefix would cost several words' searches their index (PostgreSQL
    collects every post holding any word with that prefix before it intersects)."""
    query = (query or "").strip()[: text_search.MAX_INPUT_LENGTH]
    posts = Post.objects.filter(state=State.PUBLISHED)
    visibilities = permissions.readable_visibilities(user)
    if len(visibilities) < len(Category.Visibility):
        posts = posts.filter(
            thread__category__visibility__in=visibilities, thread__state=State.PUBLISHED
        )
    # Ranking or reading every match of a word found in tens of thousands of posts would make
    # every search pay for all of them, so only the newest FORUM_SEARCH_CANDIDATES matches
    # (found through an index) are ranked, in the same query; the page says so when it happens.
    # A member reads every category, so the matches are found without the threads, and those
    # of threads that are not published (a rare few) are left out of the ranked ones.
    limit = settings.FORUM_SEARCH_CANDIDATES
    candidates = list(
        text_search.search_newest(posts, query, SEARCH, candidates=limit, prefix=False)
        .order_by("-rank", "-created_at", "-id")
        .values_list("pk", "thread_id", "rank", "thread__state")
    )
    ranked = [row[:3] for row in candidates if row[3] == State.PUBLISHED]
    return _thread_hits(ranked, query, page_number, capped=len(candidates) >= limit)


SEARCH_HIT_FIELDS = (
    "thread_id",
    "author_id",
    "body_html",
    "created_at",
    "thread__title",
    "thread__slug",
    "thread__category_id",
    "thread__last_post_at",
    "thread__category__slug",
    "thread__category__name",
    "thread__category__name_en",
    "thread__category__visibility",
    "author__display_name",
    "author__municipality_id",
    "author__staff_verified_at",
)


def _thread_hits(ranked, query: str, page_number, *, capped: bool):
    """Group (post id, thread id, rank) rows, best first, into threads; page the threads."""
    by_thread: dict[int, list[int]] = {}
    best_rank: dict[int, float] = {}
    for post_id, thread_id, rank in ranked:
        by_thread.setdefault(thread_id, []).append(post_id)
        best_rank.setdefault(thread_id, rank)
    paginator = Paginator(list(by_thread), SEARCH_RESULTS_PER_PAGE)
    page = paginator.get_page(page_number)
    page.capped = capped
    shown = [
        pk for thread_id in page.object_list for pk in by_thread[thread_id][:MATCHES_PER_THREAD]
    ]
    rows = {
        post.pk: post
        for post in Post.objects.filter(pk__in=shown)
        .select_related("thread", "thread__category", "author")
        # What the results show (search.html, smartcity.site_search) and no more, unordered.
        .only(*SEARCH_HIT_FIELDS)
        .order_by()
    }
    pattern = _hit_pattern(query)
    hits = []
    for thread_id in page.object_list:
        ids = by_thread[thread_id]
        matches = [
            PostMatch(rows[pk], _excerpt(rows[pk].body_html, pattern))
            for pk in ids[:MATCHES_PER_THREAD]
        ]
        # A post that matched only inside a quote shows no hit: the quoted post comes first.
        matches.sort(key=lambda match: "<mark>" not in match.snippet)
        hits.append(SearchHit(matches[0].post.thread, matches, len(ids), best_rank[thread_id]))
    return page, hits


# Block-level tags end a word; the rest of the markup is dropped. Quotes belong to the post
# they quote, so they are left out of the excerpt.
_BLOCK_TAG_RE = re.compile(r"</?(?:p|li|ul|ol|h[1-6]|br|pre|div|tr|td|th|table|hr)\b[^>]*>", re.I)
_QUOTE_RE = re.compile(r"<blockquote\b[^>]*>(?:(?!<blockquote\b).)*?</blockquote>", re.I | re.S)


def _plain_text(html: str) -> str:
    """A post's rendered (sanitised) HTML as plain text, without quoted posts."""
    previous = None
    while previous != html:  # innermost quotes first
        previous, html = html, _QUOTE_RE.sub(" ", html)
    return " ".join(unescape(strip_tags(_BLOCK_TAG_RE.sub(" ", html))).split())


def _hit_pattern(query: str) -> re.Pattern | None:
    """What to mark in an excerpt: words starting like a query word (the Danish stemmer finds
    "gadelamper" for "gadelampe"), or the query itself inside a word (the substring search)."""
    words = [word for word in re.findall(r"\w+", query.lower()) if len(word) > 1][:8]
    if not words:
        return None
    stems = sorted({word[: max(4, len(word) - 3)] for word in words}, key=len, reverse=True)
    alternatives = [r"\b" + re.escape(stem) + r"\w*" for stem in stems]
    return re.compile("|".join([*alternatives, re.escape(query.lower())]), re.I)


def _excerpt(html: str, pattern: re.Pattern | None, width: int = 220) -> str:
    text = _plain_text(html)
    found = pattern.search(text) if pattern else None
    start = 0
    if found and found.start() > width // 3:
        start = text.rfind(" ", 0, found.start() - width // 3) + 1
    end = len(text) if len(text) - start <= width else text.rfind(" ", start, start + width)
    if end <= start:
        end = start + width
    piece = text[start:end]
    if pattern:
        piece = pattern.sub(lambda m: _START + m.group(0) + _STOP, piece)
    return ("…" if start else "") + _highlight(piece) + ("…" if end < len(text) else "")


def threads_of_author(user, limit: int = 20) -> list[Thread]:
    """The threads the user started that the user can still open, latest activity first."""
    return list(
        Thread.objects.filter(author=user)
        .filter(permissions.visible_states_q(user))
        .select_related("category")
        .order_by("-last_post_at", "-id")[:limit]
    )


def threads_linking_dataset(dataset) -> list[Use]:
    """Public, published threads with a published post that links the catalogue dataset (its
    page here or its landing page). One query; what anyone may read, whoever asks."""
    links = Q(body__icontains=dataset.get_absolute_url())
    if dataset.landing_page:
        links |= Q(body__icontains=dataset.landing_page)
    thread_ids = Post.objects.filter(
        links,
        state=State.PUBLISHED,
        thread__state=State.PUBLISHED,
        thread__category__visibility=Category.Visibility.PUBLIC,
    ).values("thread_id")
    threads = Thread.objects.filter(pk__in=thread_ids).order_by("-pk").only("pk", "title", "slug")
    return [Use(thread.title, thread.get_absolute_url()) for thread in threads[:50]]
