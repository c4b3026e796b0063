"""One search over the whole site (/search/): projects, guides, forum threads, events and
datasets in one ranked list.

Every content type is searched with the site's one full-text search, `smartcity.search` (the
stored `danish` vectors of projects, forum posts and datasets on PostgreSQL; a vector computed
on the fly for the few hundred guides and events; its SQLite fallback elsewhere), so the words
mean the same here as on the projects list, in the forum and in the catalogue, and every result
carries a rank on the same scale. This module asks each type for its best matches through one
small function per type (`KINDS` below), each on a queryset that holds only what the reader may
see (the forum's own search knows who may read which thread), and merges them by rank: a title
match always ranks above a body match; ties go to the newer item.
"""

import html
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.core.paginator import Page, Paginator
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from smartcity import search
from smartcity.search import danish_stem

MAX_QUERY_LENGTH = search.MAX_INPUT_LENGTH
MIN_WORD_LENGTH = 2
CANDIDATES_PER_KIND = 50  # each type offers at most this many matches, the best first
# The projects (as the forum's posts) rank only their newest matches, so that a word found in
# thousands of them costs no more than a rare one.
CANDIDATES_TO_RANK = 300
RESULTS_PER_PAGE = 20
SNIPPET_LENGTH = 220


class QueryError(ValueError):
    """A query that cannot be searched for; the message says why, in the reader's language."""


def parse_query(query: str) -> list[str]:
    """The stems of the query's words (for highlighting). Raises QueryError for an empty,
    over-long or word-less query."""
    query = (query or "").strip()
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryError(
            _("The search is too long. Use at most %(max)s characters.") % {"max": MAX_QUERY_LENGTH}
        )
    words = [w for w in search.query_words(query) if len(w) >= MIN_WORD_LENGTH]
    if not words:
        raise QueryError(_("Type at least one word of two or more letters or digits."))
    return list(dict.fromkeys(danish_stem(word) for word in words))


@dataclass
class Result:
    kind: str
    title: str
    item: object  # the model instance; its URL is looked up for the shown page only
    text: str  # the text the words are looked for in (plain text or Markdown)
    date: datetime | None
    meta: str = ""
    # Rendered HTML to cut the shown snippet from, when there is one; stripping tags is slow,
    # so only the results on the page pay for it.
    source_html: str = ""
    rank: float = 0.0
    url: str = ""
    title_html: SafeString = field(default=SafeString(""))
    snippet_html: SafeString = field(default=SafeString(""))


# --- one function per content type: (query, user) -> list[Result], best first ------------------

PROJECT_FIELDS = ("slug", "title", "summary", "description", "description_html", "published_at")


def _search_projects(query, user) -> list[Result]:
    from projects.selectors import SEARCH, published_projects

    projects = (
        search.search_newest(published_projects(), query, SEARCH, candidates=CANDIDATES_TO_RANK)
        .select_related("municipality")
        .only(*PROJECT_FIELDS, "municipality", "municipality__name")
        .order_by("-rank", "-published_at", "-pk")[:CANDIDATES_PER_KIND]
    )
    return [
        Result(
            "project",
            p.title,
            p,
            f"{p.summary} {p.description}",
            p.published_at,
            meta=p.municipality.name if p.municipality else "",
            source_html=f"{escape(p.summary)} {p.description_html}",
            rank=p.rank,
        )
        for p in projects
    ]


# Guides and events are few: their vectors are computed as they are searched.
GUIDE_SEARCH = search.Source(
    fields=tuple(
        (f"{version}__{name}", weight)
        for version in ("current_da", "current_en")
        for name, weight in (("title", "A"), ("summary", "B"), ("body", "C"))
    )
)
EVENT_SEARCH = search.Source(fields=(("title", "A"), ("description", "C"), ("venue_name", "D")))


def _search_guides(query, user) -> list[Result]:
    from guides.selectors import published_guides

    guides = (
        search.search(published_guides(), query, GUIDE_SEARCH)
        .select_related("current_da", "current_en")
        .order_by("-rank", "-updated_at", "-pk")[:CANDIDATES_PER_KIND]
    )
    preferred = "current_en" if get_language() == "en" else "current_da"
    other = "current_da" if preferred == "current_en" else "current_en"
    results = []
    for guide in guides:
        version = getattr(guide, preferred) or getattr(guide, other)
        results.append(
            Result(
                "guide",
                version.title,
                guide,
                f"{version.summary} {version.body}",
                guide.updated_at,
                source_html=f"{escape(version.summary)} {version.body_html}",
                rank=guide.rank,
            )
        )
    return results


def _search_events(query, user) -> list[Result]:
    from events.selectors import public_events

    events = (
        search.search(public_events(), query, EVENT_SEARCH)
        .only("slug", "title", "description", "description_html", "starts_at", "venue_name")
        .order_by("-rank", "-starts_at", "-pk")[:CANDIDATES_PER_KIND]
    )
    return [
        Result(
            "event",
            e.title,
            e,
            e.description,
            e.starts_at,
            source_html=e.description_html,
            rank=e.rank,
        )
        for e in events
    ]


def _search_threads(query, user) -> list[Result]:
    """The forum's own search (it knows who may read what); one result per thread."""
    from forum.selectors import search_posts

    _page, hits = search_posts(user=user, query=query, page_number=1)
    results, seen = [], set()
    for hit in hits:
        if hit.thread.pk in seen:
            continue
        seen.add(hit.thread.pk)
        results.append(
            Result(
                "thread",
                hit.thread.title,
                hit.thread,
                # the forum's own excerpt of the post (safe HTML with its words marked)
                html.unescape(strip_tags(hit.snippet)),
                hit.thread.last_post_at,
                meta=hit.thread.category.label,
                rank=hit.rank,
            )
        )
    return results


def _search_datasets(query, user) -> list[Result]:
    """The catalogue's own search (its stored vector; a pasted address finds its dataset)."""
    from catalogue.selectors import published_datasets
    from catalogue.selectors import search as search_datasets

    datasets = search_datasets(published_datasets(), query)[:CANDIDATES_PER_KIND]
    return [
        Result(
            "dataset",
            d.title,
            d,
            d.description_html,
            d.modified,
            meta=d.publisher_name,
            source_html=d.description_html,
            rank=getattr(d, "rank", 1.0),
        )
        for d in datasets
    ]


# kind -> (plural label, search function). A new content type is one more line here and one
# more function above.
KINDS = {
    "project": (_("Projects"), _search_projects),
    "guide": (_("Guides"), _search_guides),
    "thread": (_("Forum threads"), _search_threads),
    "event": (_("Events"), _search_events),
}
if apps.is_installed("catalogue"):  # the open-data catalogue is merged in parallel
    KINDS["dataset"] = (_("Datasets"), _search_datasets)


# --- ranking and highlighting -----------------------------------------------------------------


def _pattern(stems: list[str]) -> re.Pattern:
    return re.compile(r"\w*(?:" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE)


def highlight(text: str, pattern: re.Pattern) -> SafeString:
    """The plain text, HTML-escaped, with every word that contains a query stem in <mark>."""
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 (every piece is escaped above)


def _snippet(text: str, pattern: re.Pattern) -> str:
    text = " ".join(text.split())
    match = pattern.search(text)
    if match is None or match.start() < SNIPPET_LENGTH // 3:
        piece = text[:SNIPPET_LENGTH]
        return piece + ("…" if len(text) > SNIPPET_LENGTH else "")
    start = text.rfind(" ", 0, match.start() - SNIPPET_LENGTH // 3) + 1
    piece = text[start : start + SNIPPET_LENGTH]
    return "…" + piece + ("…" if start + SNIPPET_LENGTH < len(text) else "")


@dataclass
class SearchResults:
    page: Page
    counts: dict[str, int]  # kind -> number of matches (each at most CANDIDATES_PER_KIND)
    kind: str  # the type filter, "" for all
    capped: set[str] = field(default_factory=set)  # kinds that had more matches than offered


def site_search(*, query: str, user, kind: str = "", page_number=1) -> SearchResults:
    """Raises QueryError for a query that cannot be searched for."""
    stems = parse_query(query)
    pattern = _pattern(stems)
    found: dict[str, list[Result]] = {}
    for name, (_label, search_kind) in KINDS.items():
        found[name] = search_kind(query.strip(), user)
    kind = kind if kind in KINDS else ""
    results = [r for name, rs in found.items() if not kind or name == kind for r in rs]
    newest_first = sorted(results, key=lambda r: r.date.timestamp() if r.date else 0, reverse=True)
    ranked = sorted(newest_first, key=lambda r: r.rank, reverse=True)  # stable: ties stay newest
    page = Paginator(ranked, RESULTS_PER_PAGE).get_page(page_number)
    for result in page.object_list:
        result.url = result.item.get_absolute_url()
        result.title_html = highlight(result.title, pattern)
        text = html.unescape(strip_tags(result.source_html)) if result.source_html else result.text
        result.snippet_html = highlight(_snippet(text, pattern), pattern)
    counts = {name: len(rs) for name, rs in found.items()}
    capped = {name for name, count in counts.items() if count >= CANDIDATES_PER_KIND}
    return SearchResults(page, counts, kind, capped)
