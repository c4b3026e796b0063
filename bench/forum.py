"""Forum benchmark: 200,000 posts in PostgreSQL, server time of the hot pages.

    DATABASE_URL=postgres://root@127.0.0.1:5432/sc_forum .venv/bin/python bench/forum.py

Seeds once (bulk_create, then the search vectors with one UPDATE) and reuses the data on the
next runs (--reseed starts over). Then it measures, in-process with Django's test Client as a
signed-in municipal staff member, the median and p95 server time of the forum index, a category
page, a thread page (page 1 and the last page of a 1,000-post thread) and searches.
Targets: median <= 30 ms for pages, <= 50 ms for search.
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
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

TOTAL_POSTS = 200_000
BIG_THREAD_POSTS = 1_000
POSTS_PER_THREAD = 20
BIG_TITLE = "Bench: den store tråd om parkeringssensorer"

SUBJECTS = [
    "Vi",
    "Kommunen",
    "Driftsafdelingen",
    "Leverandøren",
    "Projektgruppen",
    "Byrådet",
    "Trafikafdelingen",
    "Teknik og Miljø",
    "Vores IT-afdeling",
    "Nabokommunen",
]
VERBS = [
    "har testet",
    "har købt",
    "overvejer",
    "har udrullet",
    "evaluerer",
    "har opgivet",
    "anbefaler",
    "vedligeholder",
    "har udbudt",
    "måler med",
]
OBJECTS = [
    "parkeringssensorer", "magnetometre", "radarsensorer", "trafikkameraer", "LED-armaturer",
    "gadelysstyring", "fyldningssensorer", "affaldsbeholdere", "vandstandsmålere", "regnmålere",
    "luftkvalitetsmålere", "støjmålere", "LoRaWAN-gateways", "NB-IoT-moduler", "dataplatforme",
    "ladestandere", "cykeltællere", "signalanlæg", "busprioritering", "digitale skilte",
    "energimålere", "vandmålere", "droner", "digitale tvillinger", "bymodeller", "GIS-lag",
    "varmekameraer", "fugtsensorer", "klimasensorer", "pollenmålere", "oversvømmelsesvarsler",
    "parkeringsapps", "betalingsautomater", "nummerpladegenkendelse", "fodgængertællere",
    "vejrstationer", "glatførevarsling", "saltspredere", "ruteplanlægning", "skraldebiler",
    "solcellestyring", "bygningsautomatik", "ventilationsstyring", "CO2-målere",
    "belægningssensorer", "broovervågning", "tunnelventilation", "havnesensorer",
    "bådpladsbooking", "delecykler", "elløbehjul", "samkørselsapps", "busdata",
    "realtidsskilte", "trafiksignaler", "rundkørselstællinger", "hastighedsvisning",
]  # fmt: skip
PLACES = [
    "i midtbyen", "på havnen", "ved skolerne", "i rundkørslerne", "på ringvejen",
    "i boligområderne", "ved stationen", "i industrikvarteret", "langs åen",
    "på p-pladserne", "i landsbyerne", "ved rådhuset", "på sygehusgrunden", "i parkerne",
]  # fmt: skip
OUTCOMES = [
    "men batterilevetiden er kortere end lovet", "og data udgives som åbne data",
    "men sne og saltning giver fejlmålinger", "og borgerne er tilfredse",
    "men prisen var højere end budgettet", "og driften er billigere end forventet",
    "men integrationen med vores systemer tog tid", "og konsekvensanalysen var enkel",
    "men leverandøren gik konkurs", "og vi deler gerne kravspecifikationen",
    "men dækningen er dårlig i kældrene", "og byrådet har godkendt en udrulning",
    "men kalibreringen skal gentages hvert forår", "og pilotprojektet forlænges et år",
]  # fmt: skip


def _sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
        f"{rng.choice(PLACES)} i {rng.randint(2, 36)} måneder, {rng.choice(OUTCOMES)}."
    )


def _body(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(2, 4)))


def seed(*, reseed: bool) -> None:
    from accounts.models import User
    from forum import services
    from forum.models import Category, Post, Thread
    from places.models import Municipality
    from smartcity.markdown import render_markdown

    if Thread.objects.filter(title=BIG_TITLE).exists() and not reseed:
        print(f"Reusing the seeded data: {Post.objects.count():,} posts.")
        return
    started = time.perf_counter()
    with transaction.atomic():
        Post.objects.all().delete()
        Thread.objects.all().delete()
        User.objects.filter(email__startswith="bench-").delete()
        municipalities = list(Municipality.objects.order_by("code")[:20])
        users = User.objects.bulk_create(
            [
                User(
                    email=f"bench-{n}@bench.example",
                    display_name=f"Bench-medarbejder {n}",
                    password="!",  # noqa: S106 - an unusable password
                    municipality=municipalities[n % len(municipalities)],
                    staff_verified_at=django.utils.timezone.now(),
                )
                for n in range(60)
            ]
        )
        categories = list(Category.objects.all())
        rng = random.Random(2026)
        pool = [_body(rng) for _ in range(5000)]
        pool_html = [render_markdown(text) for text in pool]
        thread_count = (TOTAL_POSTS - BIG_THREAD_POSTS) // POSTS_PER_THREAD
        threads = [
            Thread(
                category=categories[0],
                title=BIG_TITLE,
                slug="bench-stor-traad",
                author=users[0],
                state="published",
            )
        ]
        for n in range(thread_count):
            category = categories[n % len(categories)]
            threads.append(
                Thread(
                    category=category,
                    title=f"{rng.choice(OBJECTS).capitalize()} {rng.choice(PLACES)} ({n})",
                    slug=f"bench-{n}",
                    author=users[n % len(users)],
                    state="published",
                )
            )
        Thread.objects.bulk_create(threads, batch_size=5000)
        print(f"  {len(threads):,} threads in {time.perf_counter() - started:.0f} s")
        batch = []
        made = 0
        for thread_number, thread in enumerate(threads):
            count = BIG_THREAD_POSTS if thread_number == 0 else POSTS_PER_THREAD
            for _ in range(count):
                pick = rng.randrange(len(pool))
                batch.append(
                    Post(
                        thread=thread,
                        author=users[rng.randrange(len(users))],
                        body=pool[pick],
                        body_html=pool_html[pick],
                        state="published",
                        useful_count=rng.choice([0, 0, 0, 1, 2, 5]),
                    )
                )
            if len(batch) >= 10_000:
                Post.objects.bulk_create(batch, batch_size=10_000)
                made += len(batch)
                batch = []
        Post.objects.bulk_create(batch, batch_size=10_000)
        made += len(batch)
        print(f"  {made:,} posts in {time.perf_counter() - started:.0f} s")
        with connection.cursor() as cursor:
            # Spread the creation times over the last year, in id order.
            cursor.execute(
                "UPDATE forum_post SET created_at = now() - interval '1 second' * "
                "(150 * ((SELECT max(id) FROM forum_post) - id))"
            )
            cursor.execute(
                """
                UPDATE forum_thread AS t SET first_post_id = s.first_id, post_count = s.n,
                    last_post_at = s.last_at, created_at = s.first_at,
                    last_poster_id = (SELECT author_id FROM forum_post WHERE id = s.last_id)
                FROM (SELECT thread_id, min(id) AS first_id, max(id) AS last_id,
                             count(*) AS n, min(created_at) AS first_at,
                             max(created_at) AS last_at
                      FROM forum_post GROUP BY thread_id) AS s
                WHERE s.thread_id = t.id
                """
            )
        for category in categories:
            services.category_refresh(category=category)
        print(f"  counters in {time.perf_counter() - started:.0f} s")
        services.post_search_vector_update()  # one UPDATE over every post
        print(f"  search vectors in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        # Seeding writes every post three times (insert, date, vector), which leaves the table
        # twice the size a forum's posts, each written once, take: compact it.
        cursor.execute("VACUUM FULL ANALYZE forum_post")
        cursor.execute("VACUUM ANALYZE forum_thread")
    print(f"Seeded {Post.objects.count():,} posts in {time.perf_counter() - started:.0f} s.")


def measure(client: Client, url: str, runs: int) -> tuple[float, float, int]:
    for _ in range(3):  # warm up caches and the connection
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(round(0.95 * len(timings))) - 1)]
    return statistics.median(timings), p95, len(queries.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reseed", action="store_true", help="Delete and seed again.")
    parser.add_argument("--runs", type=int, default=40, help="Timed requests per page.")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database (e.g. sc_forum).")
    call_command("migrate", verbosity=0)
    seed(reseed=args.reseed)
    settings.DEBUG = False  # no query log overhead while timing
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    from accounts.models import User
    from forum.models import Category, Thread

    reader = User.objects.get(email="bench-1@bench.example")
    client = Client()
    client.force_login(reader)
    big = Thread.objects.get(title=BIG_TITLE)
    category = Category.objects.order_by("-thread_count").first()
    pages = [
        ("forum index", "/forum/", 30),
        (f"category page ({category.thread_count:,} threads)", category.get_absolute_url(), 30),
        ("thread page 1 (1,000 posts)", big.get_absolute_url(), 30),
        ("thread last page (1,000 posts)", big.get_absolute_url() + "?page=last", 30),
        ("search 'cykeltællere havnen'", "/forum/search/?q=cykeltællere+havnen", 50),
        ("search 'glatførevarsling'", "/forum/search/?q=glatførevarsling", 50),
        ("search 'batterilevetiden' (common)", "/forum/search/?q=batterilevetiden", 50),
    ]
    print(f"\n{'page':<48} {'median':>8} {'p95':>8} {'queries':>8}  target")
    for label, url, target in pages:
        median, p95, queries = measure(client, url, args.runs)
        verdict = "ok" if median <= target else "OVER"
        print(f"{label:<48} {median:7.1f}ms {p95:7.1f}ms {queries:>8}  <= {target} ms {verdict}")


if __name__ == "__main__":
    main()
