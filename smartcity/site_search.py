"""One search over the whole site (/search/): projects, guides, forum threads and events in one
ranked list.

This module does not search by itself. It asks each content type for its matches through one
small function per type (`KINDS` below) and ranks what they return on one scale. The forum's
threads come from the forum's own search (`forum.selectors.search_posts`: PostgreSQL's `danish`
full-text search, or its SQLite fallback), so a reader sees only what the forum lets them read.
Projects, guides and events use a simple fallback here: each query word is cut to its Danish
stem (`danish_stem`) and matched as a substring. When the shared full-text module exists,
pointing a `_search_<kind>` function at it is the only change.

Ranking: a query word in the title counts three times as much as one in the text, so a title
match always ranks above a body match; ties go to the newer item.
"""

import html
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
MIN_WORD_LENGTH = 2
CANDIDATES_PER_KIND = 50  # each type offers at most this many matches, the newest first
RESULTS_PER_PAGE = 20
SNIPPET_LENGTH = 220
TITLE_WEIGHT, TEXT_WEIGHT = 3, 1

# Danish inflectional endings (the Snowball Danish stemmer's first step), longest first. A word
# keeps at least three letters, so "lys" stays "lys" and "gadelysene" becomes "gadelys".
_DANISH_ENDINGS = sorted(
    (
        "erendes erende hedens ethed erede heden heder endes ernes erens erets ered ende erne "
        "eren erer heds enes eres eret hed ene ere ens ers ets en er es et e s"
    ).split(),
    key=len,
    reverse=True,
)


class QueryError(ValueError):
    """A query that cannot be searched for; the message says why, in the reader's language."""


def danish_stem(word: str) -> str:
    word = word.lower()
    for ending in _DANISH_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def parse_query(query: str) -> list[str]:
    """The stems of the query's words. Raises QueryError for an empty, over-long or
    word-less query."""
    query = (query or "").strip()
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryError(
            _("The search is too long. Use at most %(max)s characters.") % {"max": MAX_QUERY_LENGTH}
        )
    words = [w for w in re.findall(r"\w+", query) if len(w) >= MIN_WORD_LENGTH]
    if not words:
        raise QueryError(_("Type at least one word of two or more letters or digits."))
    stems = []
    for word in words[:MAX_WORDS]:
        stem = danish_stem(word)
        if stem not in stems:
            stems.append(stem)
    return stems


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
    score: int = 0
    url: str = ""
    title_html: SafeString = field(default=SafeString(""))
    snippet_html: SafeString = field(default=SafeString(""))


def _words_q(stems: list[str], fields: list[str]) -> Q:
    """Every stem in at least one of the fields."""
    condition = Q()
    for stem in stems:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": stem})
        condition &= any_field
    return condition


# --- one function per content type: (stems, query, user) -> list[Result] ---------------------


def _search_projects(stems, query, user) -> list[Result]:
    from projects.selectors import published_projects

    projects = (
        published_projects()
        .filter(_words_q(stems, ["title", "summary", "description", "organisation"]))
        .select_related("municipality")
        .only(
            "slug",
            "title",
            "summary",
            "description",
            "description_html",
            "published_at",
            "municipality",
            "municipality__name",
        )
        .order_by("-published_at", "-pk")[:CANDIDATES_PER_KIND]
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
        )
        for p in projects
    ]


def _search_guides(stems, query, user) -> list[Result]:
    from guides.selectors import published_guides

    fields = [
        f"{version}__{name}"
        for version in ("current_da", "current_en")
        for name in ("title", "summary", "body")
    ]
    guides = (
        published_guides()
        .filter(_words_q(stems, fields))
        .select_related("current_da", "current_en")
        .order_by("-updated_at", "-pk")[:CANDIDATES_PER_KIND]
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
            )
        )
    return results


def _search_events(stems, query, user) -> list[Result]:
    from events.selectors import public_events

    events = (
        public_events()
        .filter(_words_q(stems, ["title", "description", "venue_name"]))
        .only("slug", "title", "description", "description_html", "starts_at", "venue_name")
        .order_by("-starts_at", "-pk")[:CANDIDATES_PER_KIND]
    )
    return [
        Result(
            "event",
            e.title,
            e,
            e.description,
            e.starts_at,
            source_html=e.description_html,
        )
        for e in events
    ]


def _search_threads(stems, query, user) -> list[Result]:
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
            )
        )
    return results


def _search_datasets(stems, query, user) -> list[Result]:
    """The catalogue's own search (its stored `danish` vector on PostgreSQL)."""
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


def _score(result: Result, stems: list[str]) -> int:
    title, text = result.title.lower(), result.text.lower()
    return sum(
        (TITLE_WEIGHT if stem in title else 0) + (TEXT_WEIGHT if stem in text else 0)
        for stem in stems
    )


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
    for name, (_label, search) in KINDS.items():
        found[name] = search(stems, query.strip(), user)
    kind = kind if kind in KINDS else ""
    results = [r for name, rs in found.items() if not kind or name == kind for r in rs]
    for result in results:
        result.score = _score(result, stems)
    newest_first = sorted(results, key=lambda r: r.date.timestamp() if r.date else 0, reverse=True)
    ranked = sorted(newest_first, key=lambda r: r.score, reverse=True)  # stable: ties stay newest
    page = Paginator(ranked, RESULTS_PER_PAGE).get_page(page_number)
    for result in page.object_list:
        result.url = result.item.get_absolute_url()
        result.title_html = highlight(result.title, pattern)
        text = html.unescape(strip_tags(result.source_html)) if result.source_html else result.text
        result.snippet_html = highlight(_snippet(text, pattern), pattern)
    counts = {name: len(rs) for name, rs in found.items()}
    capped = {name for name, count in counts.items() if count >= CANDIDATES_PER_KIND}
    return SearchResults(page, counts, kind, capped)
