"""Under load: gunicorn with 4 workers on PostgreSQL and Redis, 50 concurrent connections.

    DATABASE_URL=postgres://root@127.0.0.1:5432/sc_bench REDIS_URL=redis://127.0.0.1:6379/1 \\
        .venv/bin/python bench/load.py [--seconds 60] [--cache both|on|off] \\
        [--peer-spirit PYTHON,PROJECT_DIR,SETTINGS[,URL]]

1. Prepares the database named by DATABASE_URL: migrations, the demo seed with 300 synthetic
   projects (`seed_demo --projects 300`) and a bench thread of 40 posts of about 80 words
   (page 1 shows 20), then `collectstatic`. Idempotent: a second run reuses the data.
2. Starts `gunicorn smartcity.wsgi -w 4` on a loopback port with production settings: DEBUG
   off, PostgreSQL from DATABASE_URL, the Redis cache from REDIS_URL, persistent database
   connections (DATABASE_CONN_MAX_AGE=60). Requests carry `X-Forwarded-Proto: https`, as
   behind the TLS proxy production has, and the API rate limits are lifted (every
   request comes from one address here).
3. Says where one uncached request's time goes, in-process: database (time and number of
   queries) against Python (views, templates, middleware).
4. For each page in turn (home, the map API for the whole country, the thread page, the events
   list), 50 connections send requests back to back for --seconds; it prints requests per
   second, p50 and p99 latency and errors (anything but a 200, a time-out or a broken
   connection). With `--cache both` (the default) it does so with the anonymous page cache
   on and again with it off (PAGE_CACHE_SECONDS=0), which shows what dominates.
5. With --peer-spirit, Spirit's thread page under the same load: Spirit's project (as the
   peers harness sets it up: its own venv, settings and seeded PostgreSQL database) under
   gunicorn with 4 workers. Spirit's venv need not have gunicorn: ours is lent to it, appended
   to the end of sys.path, so Spirit's own packages come first. URL defaults to page 1 of the
   harness's 1,000-post thread (20 posts a page, like ours).

The load generator is asyncio with plain sockets, one request per connection (gunicorn's sync
workers close the connection after each answer), each request bounded by a 30 s time-out.
Everything listens on and connects to 127.0.0.1 only.
"""

import argparse
import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcity.settings")

CONNECTIONS = 50
WORKERS = 4
REQUEST_TIMEOUT = 30.0
BENCH_THREAD_TITLE = "Bench: erfaringer med sensorer i parkeringshuse"
MAP_URL = "/api/v1/map/?bbox=7.8,54.4,15.4,57.9&zoom=7"
SPIRIT_THREAD_URL = "/topic/1/big-thread-about-street-lighting-pilots/"

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-only-" + "x" * 50),
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DATABASE_CONN_MAX_AGE": "60",
    # One address sends everything here; DRF's user throttle counts anonymous clients too.
    "API_THROTTLE_ANON": "1000000/min",
    "API_THROTTLE_USER": "1000000/min",
    "LOG_LEVEL": "WARNING",
    "EMAIL_URL": "memorymail://",  # the seed's notification e-mails go nowhere
}

WORDS = (
    "sensorerne registrerer belægningen hvert minut og sender data over LoRaWAN til vores "
    "platform hvor trafikafdelingen følger udnyttelsen af pladserne og justerer skiltningen "
    "ved indkørslen så bilisterne finder en ledig plads hurtigere end før vi begyndte"
).split()


# --- data ------------------------------------------------------------------------------------


def prepare_data() -> str:
    """Migrate, seed and collect static files; return the bench thread's URL."""
    import io

    import django

    django.setup()
    from django.core.management import call_command

    from accounts.models import User
    from forum import services
    from forum.demo import JENS, MODERATOR, SOFIE
    from forum.models import Category, State, Thread

    call_command("migrate", verbosity=0)
    call_command("seed_demo", projects=300, stdout=io.StringIO())
    call_command("collectstatic", interactive=False, verbosity=0)

    thread = Thread.objects.filter(title=BENCH_THREAD_TITLE).first()
    if thread is None:
        users = User.objects.filter(email__in=[JENS, SOFIE, MODERATOR]).in_bulk(field_name="email")
        authors = [users[JENS], users[SOFIE]]
        thread = services.thread_create(
            author=authors[0],
            category=Category.objects.get(slug="smart-parkering"),
            title=BENCH_THREAD_TITLE,
            body=_post_text(0),
            enforce_rate_limit=False,
        )
        posts = [thread.first_post]
        for number in range(1, 40):
            posts.append(
                services.post_create(
                    author=authors[number % 2],
                    thread=thread,
                    body=_post_text(number),
                    enforce_rate_limit=False,
                )
            )
        for post in posts:  # screening may hold a fast series of posts: publish them
            post.refresh_from_db()
            if post.state != State.PUBLISHED:
                services.post_set_state(
                    post=post, state=State.PUBLISHED, by=users[MODERATOR], note="bench content"
                )
        thread.refresh_from_db()
    return thread.get_absolute_url()


def _post_text(number: int) -> str:
    """About 80 words in two paragraphs with one bold phrase, like the peers' seed."""
    words = [WORDS[(number + i) % len(WORDS)] for i in range(80)]
    first, second = " ".join(words[:40]), " ".join(words[40:])
    return f"Indlæg {number}: {first}.\n\n**Vores erfaring:** {second}."


def breakdown(pages: list[tuple[str, str]], rounds: int = 10) -> None:
    """Where one uncached request's time goes, in this process: database vs the rest (Python:
    views, templates, middleware). Median of `rounds` requests after a warm-up."""
    import statistics

    from django.db import connection
    from django.test import Client, override_settings

    class DatabaseTime:
        def __init__(self):
            self.seconds, self.queries = 0.0, 0

        def __call__(self, execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                self.seconds += time.perf_counter() - started
                self.queries += 1

    client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
    print(f"one uncached request in-process (median of {rounds}):")
    with override_settings(PAGE_CACHE_SECONDS=0):
        for name, path in pages:
            client.get(path)
            totals, databases, queries = [], [], 0
            for _ in range(rounds):
                timer = DatabaseTime()
                with connection.execute_wrapper(timer):
                    started = time.perf_counter()
                    response = client.get(path)
                    totals.append(time.perf_counter() - started)
                assert response.status_code == 200, (path, response.status_code)
                databases.append(timer.seconds)
                queries = timer.queries
            total, database = statistics.median(totals), statistics.median(databases)
            print(
                f"  {name:<16} {total * 1000:7.1f} ms: database {database * 1000:6.1f} ms "
                f"({queries} queries), Python {(total - database) * 1000:6.1f} ms "
                f"({(total - database) / total:.0%})",
                flush=True,
            )


# --- servers ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_ours(port: int, *, page_cache: bool, log) -> subprocess.Popen:
    env = {**os.environ, **PRODUCTION, "PAGE_CACHE_SECONDS": "60" if page_cache else "0"}
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "smartcity.wsgi:application",
        *gunicorn_options(port),
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)


def start_spirit(port: int, python: str, project: str, settings: str, log) -> subprocess.Popen:
    """Spirit under gunicorn: its own interpreter and packages; our gunicorn appended last."""
    import gunicorn
    import packaging

    lend = Path(tempfile.mkdtemp(prefix="bench-gunicorn-"))
    for module in (gunicorn, packaging):
        source = Path(module.__file__).parent
        (lend / source.name).symlink_to(source)
    code = (
        f"import sys; sys.path.append({str(lend)!r}); "
        "from gunicorn.app.wsgiapp import run; "
        f"sys.argv = ['gunicorn', *{[_wsgi_of(settings), *gunicorn_options(port)]!r}]; run()"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings}
    for name in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CACHE_KEY_PREFIX"):
        env.pop(name, None)
    process = subprocess.Popen([python, "-c", code], cwd=project, env=env, stdout=log, stderr=log)
    process.lend_dir = lend
    return process


def _wsgi_of(settings: str) -> str:
    return settings.split(".", 1)[0] + ".wsgi:application"  # benchsite.settings.x -> benchsite


def gunicorn_options(port: int) -> list[str]:
    return [
        f"--workers={WORKERS}",
        f"--bind=127.0.0.1:{port}",
        "--timeout=60",
        "--error-logfile=-",
        "--log-level=warning",
    ]


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    lend = getattr(process, "lend_dir", None)
    if lend is not None:
        shutil.rmtree(lend, ignore_errors=True)


def wait_until_up(port: int, path: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server on port {port} exited with {process.returncode}")
        status, _elapsed = asyncio.run(fetch(port, path))
        if status == 200:
            return
        time.sleep(0.5)
    raise SystemExit(f"no 200 from 127.0.0.1:{port}{path} within 90 s")


# --- load ------------------------------------------------------------------------------------


async def fetch(port: int, path: str) -> tuple[int, float]:
    """One GET on a fresh connection; (status, seconds). Status 0: no answer in time/broken."""
    started = time.perf_counter()
    try:
        return await asyncio.wait_for(_get(port, path), REQUEST_TIMEOUT), (
            time.perf_counter() - started
        )
    except (TimeoutError, OSError, ValueError):
        return 0, time.perf_counter() - started


async def _get(port: int, path: str) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Proto: https\r\n"
            "Accept: text/html,application/json\r\nAccept-Encoding: identity\r\n"
            "Connection: close\r\n\r\n".encode()
        )
        await writer.drain()
        status_line = await reader.readline()
        status = int(status_line.split()[1])
        while await reader.read(65536):  # the whole answer, until the server closes
            pass
        return status
    finally:
        writer.close()


async def load(port: int, path: str, seconds: float) -> dict:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    deadline = time.monotonic() + seconds

    async def connection() -> None:
        while time.monotonic() < deadline:
            status, elapsed = await fetch(port, path)
            if status == 200:
                latencies.append(elapsed)
            else:
                errors[str(status or "no answer")] = errors.get(str(status or "no answer"), 0) + 1

    started = time.monotonic()
    await asyncio.gather(*(connection() for _ in range(CONNECTIONS)))
    wall = time.monotonic() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / wall,
        "p50": _percentile(latencies, 50),
        "p99": _percentile(latencies, 99),
        "errors": errors,
    }


def _percentile(values: list[float], percent: int) -> float:
    if not values:
        return float("nan")
    return values[min(len(values) - 1, round(percent / 100 * (len(values) - 1)))]


def measure(port: int, pages: list[tuple[str, str]], seconds: float, label: str) -> list:
    rows = []
    for name, path in pages:
        for _ in range(20):  # warm-up: worker imports, connections, the first cache fill
            asyncio.run(fetch(port, path))
        result = asyncio.run(load(port, path, seconds))
        rows.append((label, name, result))
        print(_row(label, name, result), flush=True)
    return rows


def _row(label: str, name: str, result: dict) -> str:
    errors = sum(result["errors"].values())
    detail = f" {result['errors']}" if errors else ""
    return (
        f"{label:<18} {name:<16} {result['rps']:8.1f} req/s   p50 {result['p50'] * 1000:7.1f} ms"
        f"   p99 {result['p99'] * 1000:7.1f} ms   {result['requests']:6d} ok   {errors} errors"
        f"{detail}"
    )


def run_servers(args, pages, modes, log) -> list:
    rows = []
    for page_cache in modes:
        port = free_port()
        server = start_ours(port, page_cache=page_cache, log=log)
        try:
            wait_until_up(port, "/", server)
            label = "ours, cache " + ("on" if page_cache else "off")
            rows += measure(port, pages, args.seconds, label)
        finally:
            stop(server)
    if args.peer_spirit:
        python, project, settings, *rest = args.peer_spirit.split(",")
        url = rest[0] if rest else SPIRIT_THREAD_URL
        port = free_port()
        server = start_spirit(port, python, project, settings, log)
        try:
            wait_until_up(port, url, server)
            rows += measure(port, [("thread page", url)], args.seconds, "Spirit")
        finally:
            stop(server)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="per page (default 60)")
    parser.add_argument("--cache", choices=["both", "on", "off"], default="both")
    parser.add_argument(
        "--peer-spirit",
        metavar="PYTHON,PROJECT_DIR,SETTINGS[,URL]",
        help="also load Spirit's thread page, served by its own interpreter and project",
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database (and REDIS_URL).")
    if not os.environ.get("REDIS_URL"):
        raise SystemExit("Set REDIS_URL: the cache under load is Redis, as in production.")

    # The same production settings for the preparation (the static files' manifest) and
    # the servers.
    os.environ.update(PRODUCTION)
    thread_url = prepare_data()
    pages = [
        ("home", "/"),
        ("map API", MAP_URL),
        ("thread page", thread_url),
        ("events list", "/events/"),
    ]
    print(
        f"{CONNECTIONS} connections, {args.seconds:g} s a page, gunicorn -w {WORKERS}, "
        f"{os.cpu_count()} CPUs; thread {thread_url}",
        flush=True,
    )
    breakdown(pages)
    modes = {"both": [True, False], "on": [True], "off": [False]}[args.cache]
    with tempfile.TemporaryFile("w+") as log:
        try:
            rows = run_servers(args, pages, modes, log)
        finally:
            log.seek(0)
            server_log = log.read().strip()
            if server_log:
                print("\nserver log (last 3,000 characters):\n" + server_log[-3000:])

    thread_rps = {label: r["rps"] for label, name, r in rows if name == "thread page"}
    if "Spirit" in thread_rps:
        for label, rps in thread_rps.items():
            if label != "Spirit":
                print(f"thread page, {label} / Spirit: {rps / thread_rps['Spirit']:.2f}x req/s")
    if any(r["errors"] for _label, _name, r in rows):
        raise SystemExit("errors under load")


if __name__ == "__main__":
    main()
