"""Benchmark of the map API against a naive GeoJSON listing, at 100,000 published projects.

Run against PostgreSQL (the database is filled with synthetic projects, so use a scratch one):

    DATABASE_URL=postgres://root@127.0.0.1:5432/sc_papi .venv/bin/python bench/map.py

Times are server times measured in-process with Django's test Client (middleware, view,
queries and rendering; no network). Options: --projects N (default 100000), --requests N
(default 30), --baseline-requests N (default 5; the baseline takes seconds per request).
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

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework import serializers  # noqa: E402
from rest_framework.permissions import AllowAny  # noqa: E402
from rest_framework.response import Response  # noqa: E402
from rest_framework.views import APIView  # noqa: E402

from places.models import Municipality  # noqa: E402
from projects.models import Project, Theme  # noqa: E402
from projects.selectors import BBox, ProjectFilters, filter_projects, published_projects  # noqa: E402

SLUG_PREFIX = "bench-"
VIEWS = [
    # name, bbox (a 1280 x 900 px window at that zoom), zoom
    ("country", "7.8,54.4,15.4,57.9", 7),
    ("region (Aarhus)", "8.45,55.45,11.95,56.85", 9),
    ("city (Copenhagen)", "12.46,55.635,12.68,55.72", 13),
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


def seed(count: int) -> None:
    existing = Project.objects.filter(slug__startswith=SLUG_PREFIX, state="published").count()
    if existing == count:
        print(f"{count:,} bench projects already in place.")
        return
    Project.objects.filter(slug__startswith=SLUG_PREFIX).delete()
    themes = list(Theme.objects.all())
    if not themes:
        themes = [
            Theme.objects.create(
                slug=f"bench-{n}",
                name=f"Tema {n}",
                name_en=f"Theme {n}",
                icon="pin",
                color="#0b5a8e",
            )  # fmt: skip
            for n in range(12)
        ]
    municipalities = list(Municipality.objects.all())
    rng = random.Random(2026)
    now = timezone.now()
    started = time.perf_counter()
    batch = []
    for n in range(count):
        # Projects gather around the towns: a municipality's seat plus a few kilometres.
        town = rng.choice(municipalities)
        lat = min(max(rng.gauss(town.lat, 0.06), 54.5), 57.8)
        lng = min(max(rng.gauss(town.lng, 0.1), 8.0), 15.3)
        batch.append(
            Project(
                title=f"Bench-projekt {n}",
                slug=f"{SLUG_PREFIX}{n}",
                summary="Et syntetisk projekt til benchmark.",
                theme=rng.choice(themes),
                status=rng.choice(Project.Status.values),
                submitter_kind=rng.choice(Project.SubmitterKind.values),
                lat=lat,
                lng=lng,
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
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE projects_project")
    print(f"Seeded {count:,} projects in {time.perf_counter() - started:.1f} s.")


# --- Measuring ------------------------------------------------------------------------------


def measure(client: Client, url: str, params: dict, requests: int) -> dict:
    client.get(url, params)  # warm up
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url, params)
        content = response.content
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code, content[:200])
    body = response.json()
    return {
        "median": statistics.median(times),
        "p95": sorted(times)[max(math.ceil(0.95 * len(times)) - 1, 0)],
        "bytes": len(content),
        "features": len(body["features"]),
        "total": body.get("total", len(body["features"])),
        "requests": requests,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--baseline-requests", type=int, default=5)
    options = parser.parse_args()

    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    seed(options.projects)
    published = Project.objects.filter(state="published").count()
    print(f"Published projects: {published:,}\n")

    rates = {"anon": "1000000/min", "user": "1000000/min"}
    unthrottled = {**django.conf.settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    rows = []
    client = Client(HTTP_HOST="localhost")
    with override_settings(ROOT_URLCONF="bench_urls", REST_FRAMEWORK=unthrottled):
        for name, bbox, zoom in VIEWS:
            params = {"bbox": bbox, "zoom": zoom}
            # Cold: every request aggregates in the database (the answer cache is off).
            with override_settings(PROJECTS_MAP_CACHE_SECONDS=0):
                cold = measure(client, "/api/v1/map/", params, options.requests)
            # Warm: repeated views within PROJECTS_MAP_CACHE_SECONDS come from the cache.
            warm = measure(client, "/api/v1/map/", params, options.requests)
            naive = measure(client, "/bench/baseline/", params, options.baseline_requests)
            rows.append((name, zoom, cold, warm, naive))

    header = (
        f"{'view':<18}{'zoom':>5}{'in view':>9} | {'variant':<16}{'median':>10}{'p95':>10}"
        f"{'bytes':>12}{'features':>9} | {'faster':>7}{'smaller':>8}"
    )
    print(header)
    print("-" * len(header))
    for name, zoom, cold, warm, naive in rows:
        for variant, result in (
            ("map API, cold", cold),
            ("map API, cached", warm),
            ("naive", naive),
        ):
            faster = naive["median"] / result["median"]
            smaller = naive["bytes"] / result["bytes"]
            print(
                f"{name:<18}{zoom:>5}{result['total']:>9,} | {variant:<16}"
                f"{result['median']:>7.1f} ms{result['p95']:>7.1f} ms{result['bytes']:>12,}"
                f"{result['features']:>9} | "
                f"{faster:>6.0f}x{smaller:>7.0f}x"
            )
        print()
    print(
        f"map: {options.requests} requests per view and variant; naive baseline: "
        f"{options.baseline_requests} per view (each takes seconds at 100,000 projects). "
        "'faster' and 'smaller' compare with the naive baseline."
    )
    country_cold, country_naive = rows[0][2], rows[0][4]
    checks = {
        "country view <= 300 features": country_cold["features"] <= 300,
        ">= 20x faster than the baseline (cold)": (
            country_naive["median"] / country_cold["median"] >= 20
        ),
        ">= 50x smaller than the baseline": country_naive["bytes"] / country_cold["bytes"] >= 50,
        "median <= 50 ms in every view (cold)": all(r[2]["median"] <= 50 for r in rows),
        "median <= 50 ms in every view (cached)": all(r[3]["median"] <= 50 for r in rows),
    }
    for label, passed in checks.items():
        print(f"  [{'x' if passed else ' '}] {label}")


if __name__ == "__main__":
    main()
