"""Benchmark of the map API: cold (uncached) against cached answers, per view and filter.

Run against PostgreSQL (the database is filled with synthetic projects, so use a scratch one):

    DATABASE_URL=postgres://root@127.0.0.1:5432/sc_map .venv/bin/python bench/map.py
    DATABASE_URL=postgres://root@127.0.0.1:5432/sc_map .venv/bin/python bench/map.py \\
        --projects 1000000

Seeding is one INSERT ... SELECT generate_series with the map's triggers off (the search
vector's trigger stays on), then one rebuild of the pre-aggregated cells (projects.map_cells)
and of the word table (projects.map_terms); a database already holding N bench projects is
reused. Each view is measured with no filter,
every single filter (the text one is a word in 5% of the projects) and combinations of them.
Times are server times measured in-process with Django's test Client (middleware,
view, queries and rendering; no network). Cold and cached requests are interleaved, so their
ratio is measured under the same load on a shared machine. Options: --projects N (default
100000), --requests N (default 30), --baseline-requests N (the naive GeoJSON listing; default
5 up to 100,000 projects, else 0: it takes seconds per request).
"""

import argparse
import math
import os
import random
import statistics
import sys
import time
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcity.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
# Keep the database connection between requests, as a deployment does (gunicorn with
# DATABASE_CONN_MAX_AGE): opening one per request costs milliseconds no query can win back.
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")

import django  # noqa: E402

django.setup()

from urllib.parse import urlencode  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework import serializers  # noqa: E402
from rest_framework.permissions import AllowAny  # noqa: E402
from rest_framework.response import Response  # noqa: E402
from rest_framework.views import APIView  # noqa: E402

from places.models import Municipality  # noqa: E402
from projects import map_cells, map_terms  # noqa: E402
from projects.clustering import map_layer  # noqa: E402
from projects.filters import project_filters_from  # noqa: E402
from projects.models import Project, Theme  # noqa: E402
from projects.selectors import BBox, ProjectFilters, filter_projects, published_projects  # noqa: E402

SLUG_PREFIX = "bench-"
MAP_TRIGGERS = [
    "projects_map_inserted", "projects_map_updated", "projects_map_deleted", *map_terms.TRIGGERS,
]  # fmt: skip
VIEWS = [
    # name, bbox (a 1280 x 900 px window at that zoom), zoom, municipality for its filter
    ("country", "7.8,54.4,15.4,57.9", 7, "koebenhavn"),
    ("region (Aarhus)", "8.45,55.45,11.95,56.85", 9, "aarhus"),
    ("city (Copenhagen)", "12.46,55.635,12.68,55.72", 13, "koebenhavn"),
    ("street (Aarhus C)", "10.19,56.148,10.226,56.162", 16, "aarhus"),
]


# --- The naive baseline: every matching project, through a ModelSerializer ------------------


class BaselineFeatureSerializer(serializers.ModelSerializer):
    type = serializers.SerializerMethodField()
    geometry = serializers.SerializerMethodField()
    properties = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = ["type", "geometry", "properties"]

    def get_type(self, project):
        return "Feature"

    def get_geometry(self, project):
        return {"type": "Point", "coordinates": [project.lng, project.lat]}

    def get_properties(self, project):
        return {
            "slug": project.slug,
            "title": project.title,
            "url": f"/projects/{project.slug}/",
            "theme": {
                "slug": project.theme.slug,
                "label": project.theme.label,
                "color": project.theme.color,
                "icon": project.theme.icon,
            },
            "municipality": project.municipality.name if project.municipality else None,
            "adoptions": project.adoption_count,
        }


class BaselineView(APIView):
    permission_classes = [AllowAny]
    throttle_classes: list = []

    def get(self, request):
        box = BBox.parse(request.query_params["bbox"])
        projects = filter_projects(published_projects(), ProjectFilters(bbox=box))
        projects = projects.select_related("theme", "municipality")
        features = BaselineFeatureSerializer(projects, many=True).data
        return Response({"type": "FeatureCollection", "features": features})


bench_urls = types.ModuleType("bench_urls")
bench_urls.urlpatterns = [
    path("bench/baseline/", BaselineView.as_view()),
    path("", include("smartcity.urls")),
]
sys.modules["bench_urls"] = bench_urls


# --- Seeding --------------------------------------------------------------------------------

WORDS = [
    "parkering", "belysning", "affald", "trafik", "klima", "vand", "luft", "mobilitet",
    "energi", "data", "sensorer", "cykler", "skilte", "kryds", "rundkørsel", "støj",
    "oversvømmelse", "busser", "ladestandere", "bygninger",
]  # fmt: skip

# One INSERT ... SELECT: projects gather around the towns, a municipality's seat plus a few
# kilometres (Box-Muller normal offsets), with a random theme, status and adoption count.
SEED_SQL = """
WITH seats AS (
    SELECT row_number() OVER (ORDER BY id) AS i, id, lat, lng FROM places_municipality
), themes AS (
    SELECT row_number() OVER (ORDER BY id) AS i, id FROM projects_theme
), draws AS (
    SELECT g, 1 + floor(random() * (SELECT count(*) FROM seats))::int AS seat,
           1 + floor(random() * (SELECT count(*) FROM themes))::int AS theme,
           sqrt(-2 * ln(1 - random())) AS radius, 2 * pi() * random() AS angle,
           random() AS word, random() AS status, random() AS kind, random() AS adoptions
    FROM generate_series(1, %(count)s) AS g
)
INSERT INTO projects_project (
    title, slug, summary, description, description_html, status, submitter_kind, organisation,
    website, open_data_links, address, precision, state, attempts, last_error,
    screening_reasons, rejection_reason, adoption_count, created_at, updated_at, published_at,
    theme_id, municipality_id, lat, lng
)
SELECT 'Bench-projekt ' || g, %(prefix)s || g,
       'Et syntetisk projekt om ' || (%(words)s::text[])[1 + floor(word * %(word_count)s)::int],
       '', '', (%(statuses)s::text[])[1 + floor(status * %(status_count)s)::int],
       (%(kinds)s::text[])[1 + floor(kind * %(kind_count)s)::int], '', '', '[]', '', 'point',
       'published', 0, '', '[]', '', (ARRAY[0, 0, 0, 1, 2, 5])[1 + floor(adoptions * 6)::int],
       now(), now(), now(), themes.id, seats.id,
       least(greatest(seats.lat + 0.06 * radius * cos(angle), 54.5), 57.8),
       least(greatest(seats.lng + 0.1 * radius * sin(angle), 8.0), 15.3)
FROM draws JOIN seats ON seats.i = draws.seat JOIN themes ON themes.i = draws.theme
"""


def seed(count: int) -> None:
    existing = Project.objects.filter(slug__startswith=SLUG_PREFIX, state="published").count()
    if existing == count:
        print(f"{count:,} bench projects already in place.")
        vacuum_analyze()
        return
    if not Theme.objects.exists():
        for n in range(12):
            Theme.objects.create(
                slug=f"bench-{n}", name=f"Tema {n}", name_en=f"Theme {n}", icon="pin",
                color="#0b5a8e",
            )  # fmt: skip
    started = time.perf_counter()
    params = {
        "count": count,
        "prefix": SLUG_PREFIX,
        "words": WORDS,
        "word_count": len(WORDS),
        "statuses": Project.Status.values,
        "status_count": len(Project.Status.values),
        "kinds": Project.SubmitterKind.values,
        "kind_count": len(Project.SubmitterKind.values),
    }
    if connection.vendor == "postgresql":
        # The map's triggers keep MapCell and MapTerm per row changed; for a bulk load they
        # are off and both are rebuilt once at the end, in the same transaction. The search
        # vector's trigger stays on: the text filter and MapTerm read the vector.
        with transaction.atomic(), connection.cursor() as cursor:
            for trigger in MAP_TRIGGERS:
                cursor.execute(f"ALTER TABLE projects_project DISABLE TRIGGER {trigger}")
            cursor.execute("SELECT setseed(0.2026)")
            cursor.execute("DELETE FROM projects_project WHERE slug LIKE %s", [SLUG_PREFIX + "%"])
            cursor.execute(SEED_SQL, params)
            print(f"Inserted {count:,} projects in {time.perf_counter() - started:.1f} s.")
            # Run the deferred foreign-key checks now: a table with pending trigger events
            # cannot be altered.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for trigger in MAP_TRIGGERS:
                cursor.execute(f"ALTER TABLE projects_project ENABLE TRIGGER {trigger}")
            map_cells.rebuild(connection)
            map_terms.rebuild(connection)
        vacuum_analyze()
    else:
        seed_with_orm(count)
    print(f"Seeded {count:,} projects in {time.perf_counter() - started:.1f} s.")


def vacuum_analyze() -> None:
    """Statistics for the planner, and the visibility map that index-only scans need (a
    reused database may hold tables a migration has just filled)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in ["projects_project", "projects_mapcell", "projects_mapterm"]:
            cursor.execute(f"VACUUM ANALYZE {table}")


def seed_with_orm(count: int) -> None:
    """SQLite: the same kind of projects through bulk_create (slower; for small counts)."""
    Project.objects.filter(slug__startswith=SLUG_PREFIX).delete()
    themes = list(Theme.objects.all())
    municipalities = list(Municipality.objects.all())
    rng = random.Random(2026)
    now = timezone.now()
    batch = []
    for n in range(count):
        town = rng.choice(municipalities)
        batch.append(
            Project(
                title=f"Bench-projekt {n}",
                slug=f"{SLUG_PREFIX}{n}",
                summary=f"Et syntetisk projekt om {rng.choice(WORDS)}",
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


# --- Measuring ------------------------------------------------------------------------------


def summary(times: list[float]) -> dict:
    return {
        "median": statistics.median(times),
        "p95": sorted(times)[max(math.ceil(0.95 * len(times)) - 1, 0)],
    }


def timed_get(client: Client, url: str, params: dict) -> tuple[float, dict, int]:
    started = time.perf_counter()
    response = client.get(url, params)
    content = response.content
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code, content[:200])
    return elapsed, response.json(), len(content)


def measure_map(client: Client, params: dict, requests: int) -> dict:
    """Cold and cached requests of one view, interleaved so that both see the same load.

    A cold request carries a parameter the filters ignore, so its cache key is new: it is
    answered from the database (and stored, as a first visit would be)."""
    timed_get(client, "/api/v1/map/", params)  # fills the cache
    cold, cached = [], []
    for n in range(requests):
        elapsed, body, size = timed_get(client, "/api/v1/map/", {**params, "bench": n})
        cold.append(elapsed)
        cached.append(timed_get(client, "/api/v1/map/", params)[0])
    features = body["features"]
    shown = sum(f["properties"]["count"] if f["properties"]["kind"] == "cluster" else 1
                for f in features)  # fmt: skip
    return {
        "cold": summary(cold),
        "cached": summary(cached),
        "bytes": size,
        "features": len(features),
        "total": body["total"],
        "adds_up": shown == body["total"],
    }


def measure_baseline(client: Client, params: dict, requests: int) -> dict:
    timed_get(client, "/bench/baseline/", params)
    times, sizes = [], 0
    for _ in range(requests):
        elapsed, _body, sizes = timed_get(client, "/bench/baseline/", params)
        times.append(elapsed)
    return {**summary(times), "bytes": sizes}


def filter_kinds(municipality: str) -> list[tuple[str, dict]]:
    """(name, query): every single filter, and combinations of them."""
    theme = Theme.objects.order_by("pk").values_list("slug", flat=True).first()
    return [
        ("none", {}),
        ("theme", {"theme": theme}),
        ("status", {"status": "pilot"}),
        ("municipality", {"municipality": municipality}),
        ("adoptions>=2", {"min_adoptions": 2}),
        ("text", {"q": "belysning"}),
        ("theme+status", {"theme": theme, "status": "pilot"}),
        ("muni+adopt>=2", {"municipality": municipality, "min_adoptions": 2}),
        ("status+adopt>=2", {"status": "pilot", "min_adoptions": 2}),
        ("text+theme", {"q": "belysning", "theme": theme}),
    ]


def answered_from(bbox: str, zoom: int, query: dict) -> str:
    filters = project_filters_from(QueryDict(urlencode({"bbox": bbox, **query})))
    return map_layer(filters, zoom=zoom).source


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument(
        "--baseline-requests",
        type=int,
        default=None,
        help="requests of the naive baseline per view (default 5 up to 100,000 projects, else 0)",
    )
    parser.add_argument(
        "--filters",
        default="",
        help="comma-separated filter kinds to measure (default: all), e.g. none,theme",
    )
    options = parser.parse_args()
    only = set(filter(None, options.filters.split(",")))
    baseline_requests = options.baseline_requests
    if baseline_requests is None:
        baseline_requests = 5 if options.projects <= 100_000 else 0
    limit = 5 if options.projects <= 100_000 else 10

    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    seed(options.projects)
    published = Project.objects.filter(state="published").count()
    print(f"Published projects: {published:,}\n")

    rates = {"anon": "1000000/min", "user": "1000000/min"}
    unthrottled = {**django.conf.settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    rows, baselines = [], {}
    client = Client(HTTP_HOST="localhost")
    with override_settings(ROOT_URLCONF="bench_urls", REST_FRAMEWORK=unthrottled):
        for name, bbox, zoom, municipality in VIEWS:
            for kind, query in filter_kinds(municipality):
                if only and kind not in only:
                    continue
                params = {"bbox": bbox, "zoom": zoom, **query}
                result = measure_map(client, params, options.requests)
                result["source"] = answered_from(bbox, zoom, query)
                rows.append((name, zoom, kind, result))
            if baseline_requests:
                params = {"bbox": bbox, "zoom": zoom}
                baselines[name] = measure_baseline(client, params, baseline_requests)

    header = (
        f"{'view':<18}{'zoom':>5} {'filter':<16}{'in view':>9}{'from':>8} | "
        f"{'cold med':>9}{'p95':>8} | {'cached med':>11}{'p95':>7} | {'ratio':>6}"
        f"{'features':>9}{'bytes':>8}"
    )
    print(header)
    print("-" * len(header))
    for name, zoom, kind, r in rows:
        ratio = r["cold"]["median"] / r["cached"]["median"]
        print(
            f"{name:<18}{zoom:>5} {kind:<16}{r['total']:>9,}{r['source']:>8} | "
            f"{r['cold']['median']:>6.1f} ms{r['cold']['p95']:>5.1f} ms | "
            f"{r['cached']['median']:>8.2f} ms{r['cached']['p95']:>5.1f} ms | "
            f"{ratio:>5.1f}x{r['features']:>9}{r['bytes']:>8,}"
        )
    print(
        f"\n{options.requests} cold and {options.requests} cached requests per row, interleaved. "
        "'from': the cells came from the pre-aggregated cells (MapCell), from the word table "
        "(MapTerm) or were grouped from the projects on the fly; "
        "'ratio': cold median / cached median."
    )
    if baselines:
        print(f"\nNaive baseline (every project in the view, {baseline_requests} requests):")
        for name, _bbox, _zoom, _municipality in VIEWS:
            base = baselines[name]
            cold = next((r for n, _z, k, r in rows if n == name and k == "none"), None)
            if cold is None:
                continue
            print(
                f"  {name:<18} {base['median']:>8.1f} ms {base['bytes']:>12,} bytes: the map "
                f"is {base['median'] / cold['cold']['median']:.0f}x faster (cold), "
                f"{base['bytes'] / cold['bytes']:.0f}x smaller"
            )
    checks = {
        f"every view and filter cold <= {limit}x cached (median)": all(
            r["cold"]["median"] <= limit * r["cached"]["median"] for *_x, r in rows
        ),
        "every answer <= 300 features": all(r["features"] <= 300 for *_x, r in rows),
        "counts add up to total in every answer": all(r["adds_up"] for *_x, r in rows),
    }
    for label, passed in checks.items():
        print(f"  [{'x' if passed else ' '}] {label}")


if __name__ == "__main__":
    main()
