"""Search benchmark: 200,000 forum posts and 100,000 projects in PostgreSQL; the old searches
and smartcity.search side by side, then the pages.

    DATABASE_URL=postgres://root@127.0.0.1:5432/sc_search .venv/bin/python bench/search.py

Seeds once and reuses the data on the next runs (--reseed starts over): the posts with
bench/forum.py's seeding, the projects with bulk_create (their stored vectors are written by the
database trigger as the rows go in). Then, in-process, it times for a few typical queries

* the old and the new forum search (the old one: `websearch_to_tsquery` over the stored vector,
  then ranking in a second query, and the results read as on branch main) and the
  old and the new project search (the old one: `icontains` over title, summary, organisation,
  theme and municipality names), each as the selector plus the first page of results;
* the pages a reader gets with Django's test Client: /forum/search/, /projects/ and the site
  search /search/ (target: its median at most twice the forum search's).
Targets from the issue: each new search's median at most half of the old one's.
"""

import argparse
import importlib.util
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcity.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

TOTAL_PROJECTS = 100_000
PROJECT_SLUG_PREFIX = "bench-search-"
FORUM_QUERIES = [
    "cykeltællere havnen",
    "glatførevarsling",
    "batterilevetiden",  # in one post in seven
    "parkeringssensorer midtbyen",
]
OLD_FORUM_CANDIDATES = 1000  # the old default of FORUM_SEARCH_CANDIDATES
PROJECT_QUERIES = ["ladestandere havnen", "glatførevarsling", "parkering", "sensor", "aarhus"]


def _bench_forum():
    """bench/forum.py as a module (its name would clash with the forum app)."""
    spec = importlib.util.spec_from_file_location("bench_forum", ROOT / "bench" / "forum.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- Seeding ----------------------------------------------------------------------------------


def seed_projects(*, reseed: bool, words) -> None:
    from places.models import Municipality
    from projects.models import Project, Theme

    existing = Project.objects.filter(slug__startswith=PROJECT_SLUG_PREFIX).count()
    if existing == TOTAL_PROJECTS and not reseed:
        print(f"Reusing the seeded data: {existing:,} projects.")
        return
    started = time.perf_counter()
    Project.objects.filter(slug__startswith=PROJECT_SLUG_PREFIX).delete()
    themes = list(Theme.objects.all())
    municipalities = list(Municipality.objects.all())
    rng = random.Random(2026)
    pool = [words._body(rng) for _ in range(3000)]
    now = timezone.now()
    batch = []
    for n in range(TOTAL_PROJECTS):
        town = rng.choice(municipalities)
        body = pool[rng.randrange(len(pool))]
        batch.append(
            Project(
                title=f"{rng.choice(words.OBJECTS).capitalize()} {rng.choice(words.PLACES)}",
                slug=f"{PROJECT_SLUG_PREFIX}{n}",
                summary=words._sentence(rng)[:300],
                description=body,
                description_html=f"<p>{body}</p>",
                organisation=f"{town.name} Kommune",
                theme=rng.choice(themes),
                status=rng.choice(Project.Status.values),
                submitter_kind=rng.choice(Project.SubmitterKind.values),
                lat=min(max(rng.gauss(town.lat, 0.06), 54.5), 57.8),
                lng=min(max(rng.gauss(town.lng, 0.1), 8.0), 15.3),
                precision=Project.Precision.POINT,
                municipality=town,
                state=Project.State.PUBLISHED,
                adoption_count=rng.choice([0, 0, 0, 1, 2, 5]),
                published_at=now,
            )
        )
        if len(batch) == 5000:
            Project.objects.bulk_create(batch)
            batch = []
    Project.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE projects_project")
    print(f"Seeded {TOTAL_PROJECTS:,} projects in {time.perf_counter() - started:.0f} s.")


# --- The old searches, as they were before smartcity.search -------------------------------------


def old_forum_search(user, query: str):
    from django.contrib.postgres.search import SearchQuery, SearchRank
    from django.db.models import F

    from forum import permissions
    from forum.models import Category, Post, State

    query = query.strip()[:200]
    posts = Post.objects.filter(state=State.PUBLISHED, thread__state=State.PUBLISHED)
    visibilities = permissions.readable_visibilities(user)
    if len(visibilities) < len(Category.Visibility):
        posts = posts.filter(thread__category__visibility__in=visibilities)
    limit = OLD_FORUM_CANDIDATES
    search_query = SearchQuery(query, config="danish", search_type="websearch")
    candidate_ids = list(
        posts.filter(search_vector=search_query)
        .order_by("-id")
        .values_list("pk", flat=True)[:limit]
    )
    ranked = list(
        Post.objects.filter(pk__in=candidate_ids)
        .annotate(rank=SearchRank(F("search_vector"), search_query))
        .order_by("-rank", "-created_at")
        .values_list("pk", "thread_id")
    )
    return _old_thread_hits(ranked, query, 1, capped=len(ranked) >= limit)


def _old_thread_hits(ranked, query: str, page_number, *, capped: bool):
    """forum/selectors.py's _thread_hits as it is on main (the excerpts are the same code)."""
    from django.core.paginator import Paginator

    from forum.models import Post
    from forum.selectors import (
        MATCHES_PER_THREAD,
        SEARCH_RESULTS_PER_PAGE,
        PostMatch,
        SearchHit,
        _excerpt,
        _hit_pattern,
    )

    by_thread: dict[int, list[int]] = {}
    for post_id, thread_id in ranked:
        by_thread.setdefault(thread_id, []).append(post_id)
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
        .defer("search_vector", "screening")
    }
    pattern = _hit_pattern(query)
    hits = []
    for thread_id in page.object_list:
        ids = by_thread[thread_id]
        matches = [
            PostMatch(rows[pk], _excerpt(rows[pk].body_html, pattern))
            for pk in ids[:MATCHES_PER_THREAD]
        ]
        matches.sort(key=lambda match: "<mark>" not in match.snippet)
        hits.append(SearchHit(matches[0].post.thread, matches, len(ids)))
    return page, hits


def new_forum_search(user, query: str):
    from forum.selectors import search_posts

    return search_posts(user=user, query=query, page_number=1)


def _first_page(queryset) -> int:
    page = Paginator(queryset, 20).get_page(1)  # a count and one page, as the list page does
    return len(list(page.object_list)) + page.paginator.count


def old_project_search(query: str) -> int:
    from projects.selectors import ProjectFilters, projects_for_list

    queryset = projects_for_list(ProjectFilters())  # the list's columns and order
    for word in query.split()[:8]:
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(organisation__icontains=word)
            | Q(theme__name__icontains=word)
            | Q(theme__name_en__icontains=word)
            | Q(municipality__name__icontains=word)
        )
    return _first_page(queryset)


def new_project_search(query: str) -> int:
    from projects.selectors import ProjectFilters, projects_for_list

    return _first_page(projects_for_list(ProjectFilters(q=query)))


# --- Measuring --------------------------------------------------------------------------------


def _stats(timings: list[float]) -> tuple[float, float]:
    timings = sorted(timings)
    p95 = timings[min(len(timings) - 1, int(round(0.95 * len(timings))) - 1)]
    return statistics.median(timings), p95


def compared(old, new, runs: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """Old and new, called in turn, so that the load of a shared machine falls on both."""
    for _ in range(2):
        old(), new()
    times: dict = {old: [], new: []}
    for _ in range(runs):
        for call in (old, new):
            started = time.perf_counter()
            call()
            times[call].append((time.perf_counter() - started) * 1000)
    return _stats(times[old]), _stats(times[new])


def timed(call, runs: int) -> tuple[float, float]:
    for _ in range(2):  # warm up caches and the connection
        call()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(round(0.95 * len(timings))) - 1)]
    return statistics.median(timings), p95


def page(client: Client, url: str, params: dict):
    def call():
        response = client.get(url, params)
        assert response.status_code == 200, (url, params, response.status_code)

    return call


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reseed", action="store_true", help="Delete and seed again.")
    parser.add_argument("--runs", type=int, default=20, help="Timed runs per query.")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database (e.g. sc_search).")
    call_command("migrate", verbosity=0)
    words = _bench_forum()
    words.seed(reseed=args.reseed)
    seed_projects(reseed=args.reseed, words=words)
    settings.DEBUG = False  # no query log overhead while timing
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    from accounts.models import User

    reader = User.objects.get(email="bench-1@bench.example")
    client = Client()
    client.force_login(reader)
    rows = []
    forum_pages, site_pages = [], []
    for query in FORUM_QUERIES:
        old, new = compared(
            lambda q=query: old_forum_search(reader, q),
            lambda q=query: new_forum_search(reader, q),
            args.runs,
        )
        rows.append(("forum", query, old, new))
    for query in PROJECT_QUERIES:
        old, new = compared(
            lambda q=query: old_project_search(q), lambda q=query: new_project_search(q), args.runs
        )
        rows.append(("projects", query, old, new))
    header = f"{'search':<10} {'query':<30} {'old median':>11} {'p95':>8} {'new median':>11}"
    print(f"\n{header} {'p95':>8}  new/old")
    for kind, query, old, new in rows:
        print(
            f"{kind:<10} {query:<30} {old[0]:9.1f}ms {old[1]:6.1f}ms {new[0]:9.1f}ms "
            f"{new[1]:6.1f}ms  {new[0] / old[0]:.2f}"
        )
    for kind in ("forum", "projects"):
        old = statistics.median([r[2][0] for r in rows if r[0] == kind])
        new = statistics.median([r[3][0] for r in rows if r[0] == kind])
        verdict = "ok" if new <= old / 2 else "OVER"
        print(f"{kind}: median of the queries' medians {old:.1f} -> {new:.1f} ms ({verdict})")

    print(f"\n{'page (new, signed-in staff, test Client)':<52} {'median':>8} {'p95':>8}")
    for query in PROJECT_QUERIES:
        median, p95 = timed(page(client, "/projects/", {"q": query}), args.runs)
        print(f"{'/projects/?q=' + query:<52} {median:6.1f}ms {p95:6.1f}ms")
    for query in FORUM_QUERIES:
        forum, site = compared(
            page(client, "/forum/search/", {"q": query}),
            page(client, "/search/", {"q": query}),
            args.runs,
        )
        forum_pages.append(forum[0])
        site_pages.append(site[0])
        print(f"{'/forum/search/?q=' + query:<52} {forum[0]:6.1f}ms {forum[1]:6.1f}ms")
        print(f"{'/search/?q=' + query:<52} {site[0]:6.1f}ms {site[1]:6.1f}ms")
    forum, site = statistics.median(forum_pages), statistics.median(site_pages)
    verdict = "ok" if site <= 2 * forum else "OVER"
    print(f"site search median {site:.1f} ms vs forum search {forum:.1f} ms (<= 2x: {verdict})")


if __name__ == "__main__":
    main()
