"""Catalogue benchmark: harvest 20,000 packages from a local CKAN-like server, then the server
time of the catalogue's pages and API at 20,000 datasets.

    DATABASE_URL=postgres://root@127.0.0.1:5432/sc_catalogue .venv/bin/python bench/catalogue.py

Reports packages per second for the first (full) harvest and the time of the second,
incremental run when nothing changed upstream; then, in-process with Django's test Client, the
median and p95 server time (and the number of queries) of the matrix page, the API matrix (JSON
and CSV), a catalogue search (page and API), a municipality page, and one page of DCAT-AP-DK.
Each run starts from an empty bench source, so it always measures a first harvest.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcity.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tests.ckan_server import CkanServer, make_package  # noqa: E402

PACKAGES = 20_000
TOPICS = [
    ("parkering", "Parkeringspladser"), ("trafiktælling", "Trafiktællinger"),
    ("cykeltælling", "Cykeltællinger"), ("kollektiv trafik", "Busstoppesteder"),
    ("gadebelysning", "Gadebelysning"), ("ladestandere", "Ladestandere"),
    ("luftkvalitet", "Luftkvalitet"), ("støj", "Støjkort"), ("affald", "Genbrugsstationer"),
    ("skybrud", "Skybrudskort"), ("energiforbrug", "Energiforbrug i bygninger"),
    ("træer", "Træregister"), ("legepladser", "Legepladser"), ("toiletter", "Toiletter"),
    ("vejarbejde", "Vejarbejder"), ("budget", "Budget"), ("befolkning", "Befolkning"),
    ("skoledistrikt", "Skoledistrikter"), ("kultur", "Biblioteker og kulturhuse"),
]  # fmt: skip


def bench_packages() -> list[dict]:
    from places.models import Municipality

    rng = random.Random(20_000)
    places = list(Municipality.objects.values_list("slug", "name"))
    packages = []
    for n in range(PACKAGES):
        slug, name = rng.choice(places)
        word, title = rng.choice(TOPICS)
        package = make_package(
            n,
            org=(f"{slug}-kommune", f"{name} Kommune"),
            title=f"{title} {n} – {name}",
            notes=f"<p>{title} fra {name} Kommune, <b>opdateret</b> løbende.</p>",
            tags=(word,),
            modified=f"202{rng.randint(0, 5)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T10:00:00",
            formats=rng.choice([("CSV",), ("CSV", "JSON"), ("GeoJSON", "CSV", "XLSX")]),
        )
        packages.append(package)
    return packages


def measure(client: Client, url: str, runs: int) -> tuple[float, float, int]:
    for _ in range(2):  # warm up the connection and Python's caches
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(runs):
        cache.clear()  # measure the work, not a cached answer
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(round(0.95 * len(timings))) - 1)]
    return statistics.median(timings), p95, len(queries.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="Timed requests per page.")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database (e.g. sc_catalogue).")
    call_command("migrate", verbosity=0)

    from catalogue import services
    from catalogue.models import Dataset, HarvestSource

    settings.CATALOGUE_HARVEST_PAGE_SIZE = 1000
    settings.CATALOGUE_HARVEST_TIMEOUT = 60
    server = CkanServer(packages=bench_packages()).start()
    try:
        # Only the bench's own datasets: other sources (the demo catalogue) are disabled.
        for old in HarvestSource.objects.filter(name="Bench portal"):
            Dataset.objects.filter(source=old).delete()
            old.delete()
        HarvestSource.objects.update(enabled=False)
        source = HarvestSource.objects.create(name="Bench portal", url=server.url)

        started = time.perf_counter()
        run = services.harvest_source(source=source)
        took = time.perf_counter() - started
        assert not run.errors, run.errors
        print(f"first harvest: {run.added:,} packages in {took:.1f} s = {run.added / took:,.0f}/s")

        source.refresh_from_db()
        started = time.perf_counter()
        again = services.harvest_source(source=source)
        took = time.perf_counter() - started
        assert not again.errors and again.updated == 0, (again.errors, again.updated)
        print(f"second harvest, nothing changed: {took:.2f} s ({again.seen} packages asked for)")
    finally:
        server.stop()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE catalogue_dataset")
        cursor.execute("VACUUM ANALYZE catalogue_dataset_areas")
        cursor.execute("VACUUM ANALYZE catalogue_distribution")
    print(f"published datasets: {Dataset.published.count():,}")

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEFAULT_THROTTLE_RATES = {"anon": "1000000/min", "user": "1000000/min"}
    from rest_framework.settings import api_settings

    api_settings.DEFAULT_THROTTLE_RATES.update(anon="1000000/min", user="1000000/min")
    client = Client()
    pages = [
        ("matrix page /open-data/areas/", "/open-data/areas/"),
        ("API matrix (JSON)", "/api/v1/data-areas/matrix/"),
        ("API matrix (CSV)", "/api/v1/data-areas/matrix/?format=csv"),
        ("catalogue search page 'parkering'", "/datasets/?q=parkering"),
        ("API search 'luftkvalitet'", "/api/v1/datasets/?q=luftkvalitet"),
        ("dataset list, one municipality", "/datasets/?municipality=aarhus"),
        ("municipality page /municipalities/aarhus/", "/municipalities/aarhus/"),
        ("DCAT-AP-DK Turtle, page 1 (100 datasets)", "/api/v1/dcat/catalog.ttl"),
    ]
    print(f"\n{'page':<46} {'median':>9} {'p95':>9} {'queries':>8}")
    for label, url in pages:
        runs = 3 if "DCAT" in label else args.runs
        median, p95, queries = measure(client, url, runs)
        print(f"{label:<46} {median:8.1f}ms {p95:8.1f}ms {queries:>8}")


if __name__ == "__main__":
    main()
