"""The reference data shipped with the project: the 5 regions and the 98 municipalities.

The CSV files in places/data/ are the source; the data migration and the test fixtures load
them through load_reference_data(), which is idempotent (it updates rows by code).
"""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_csv(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load_reference_data(region_model, municipality_model, domain_model) -> None:
    """Create or update regions, municipalities and their staff e-mail domains.

    Takes the model classes so that a migration can pass its historical models.
    """
    regions = {}
    for row in read_csv("regions.csv"):
        regions[row["code"]], _ = region_model.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["name"], "name_en": row["name_en"], "slug": row["slug"]},
        )
    for row in read_csv("municipalities.csv"):
        municipality, _ = municipality_model.objects.update_or_create(
            code=row["code"].zfill(3),
            defaults={
                "name": row["name"],
                "slug": row["slug"],
                "region": regions[row["region_code"]],
                "seat": row["seat"],
                "lat": float(row["lat"]),
                "lng": float(row["lng"]),
            },
        )
        for domain in filter(None, (d.strip().lower() for d in row["email_domains"].split(";"))):
            domain_model.objects.update_or_create(
                domain=domain, defaults={"municipality": municipality}
            )
