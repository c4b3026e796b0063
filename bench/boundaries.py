"""Point-in-municipality with the shipped boundaries: cold load, and the median of warm lookups.

    .venv/bin/python bench/boundaries.py [--lookups 2000]

Runs on the configured database (an SQLite file under var/ by default; migrated first). A warm
lookup is `municipality_at(lat, lng)`: one query for which boundary load is current, the
polygon test in memory, one query for the municipality. The pure in-memory part
(`_BoundaryIndex.code_at`) is timed too.
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lookups", type=int, default=2000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from places.geocoding import boundaries
    from places.geocoding.boundaries import SHIPPED_BOUNDARIES, municipality_at
    from places.geocoding.gazetteer import POSTAL_DISTRICTS

    for path in (SHIPPED_BOUNDARIES, POSTAL_DISTRICTS):
        print(f"{path.name}: {path.stat().st_size:,} bytes")

    started = time.perf_counter()
    assert municipality_at(55.6796, 12.5248).name == "Frederiksberg"
    print(f"first lookup (reads the shipped file): {1000 * (time.perf_counter() - started):.0f} ms")

    rng = random.Random(1)  # points over Denmark's bounding box: land, sea and abroad
    points = [(rng.uniform(54.5, 57.8), rng.uniform(8.0, 15.2)) for _ in range(args.lookups)]
    index = boundaries._current_index()
    for name, lookup in (
        ("municipality_at (2 queries)", lambda p: municipality_at(*p)),
        ("in-memory code_at", lambda p: index.code_at(*p)),
    ):
        times = []
        for point in points:
            started = time.perf_counter()
            lookup(point)
            times.append(time.perf_counter() - started)
        times.sort()
        print(
            f"{name}: median {1e6 * statistics.median(times):.0f} µs, "
            f"p95 {1e6 * times[int(0.95 * len(times))]:.0f} µs over {len(times)} points"
        )


if __name__ == "__main__":
    main()
