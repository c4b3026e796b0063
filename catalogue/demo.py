"""A demo catalogue for the local site (`manage.py seed_demo`): a few hundred datasets from
many municipalities, generated deterministically (no network) and stored through the same
path as a harvest, so that the matrix, the gaps and the search mean something.

Idempotent: the demo source is filled once; dates are set relative to that first run."""

import random
from datetime import timedelta

from django.utils import timezone

from places.models import Municipality

from . import services
from .models import HarvestSource

DEMO_URL = "https://demo-katalog.example.dk"
SEED = 2026

# Municipalities that publish a lot (the big open-data portals), some, or a little.
BIG = ["751", "101", "461", "851", "630", "147", "621", "561", "615", "265"]
MANY = ["157", "159", "173", "230", "219", "316", "370", "540", "657", "740", "730", "791",
        "746", "607", "330", "253", "151", "169", "860", "813", "510", "580"]  # fmt: skip

# Per data area: dataset titles, keywords, formats, update frequency.
TITLES = {
    "parkering": (["Parkeringspladser i {town}", "P-huse med ledige pladser", "Handicapparkering",
                   "Betalingszoner for parkering"], ["parkering", "p-pladser"], ["GeoJSON", "CSV"],
                  "Dagligt"),
    "trafiktaellinger": (["Trafiktællinger på kommuneveje", "Trafikmængde i kryds",
                          "Trafiktællinger {year}"], ["trafiktælling", "trafik"], ["CSV", "XLSX"],
                         "Månedligt"),
    "cykeltaellinger": (["Cykeltællinger i {town}", "Cyklister på de store ruter"],
                        ["cykeltælling", "cyklister"], ["CSV", "JSON"], "Dagligt"),
    "kollektiv-trafik": (["Busstoppesteder i {town}", "Kollektiv trafik: ruter og stoppesteder"],
                         ["kollektiv trafik", "bus"], ["GTFS", "GeoJSON"], "Ved ændringer"),
    "gadebelysning": (["Gadebelysning", "Lysmaster og armaturer"],
                      ["gadebelysning", "vejbelysning"], ["GeoJSON", "SHP"], "Årligt"),
    "ladestandere": (["Ladestandere til elbiler", "Offentlige ladepunkter"],
                     ["ladestandere", "elbil"], ["GeoJSON", "CSV"], "Ugentligt"),
    "luftkvalitet": (["Luftkvalitet målt med sensorer", "Luftkvalitet NO2 og partikler"],
                     ["luftkvalitet", "no2"], ["CSV", "JSON"], "Hver time"),
    "stoej": (["Støjkort for vejtrafik", "Støjmålinger"], ["støj", "støjkort"], ["GeoJSON", "WMS"],
              "Hvert 5. år"),
    "affald": (["Genbrugsstationer", "Glascontainere og tøjcontainere", "Affaldsspande i byen"],
               ["affald", "genbrug"], ["GeoJSON", "CSV"], "Månedligt"),
    "vand-og-oversvoemmelse": (["Vandstand i havnen", "Skybrudskort", "Regnvandsbassiner"],
                               ["vandstand", "skybrud", "oversvømmelse"], ["CSV", "GeoJSON"],
                               "Hver time"),
    "energi-i-bygninger": (["Energiforbrug i kommunale bygninger", "Elforbrug pr. bygning"],
                           ["energiforbrug", "elforbrug"], ["CSV", "XLSX"], "Månedligt"),
    "traeer-og-groenne-omraader": (["Træregister", "Grønne områder og byparker"],
                                   ["træer", "grønne områder"], ["GeoJSON"], "Årligt"),
    "legepladser": (["Legepladser", "Offentlige legepladser i {town}"], ["legepladser"],
                    ["GeoJSON", "CSV"], "Årligt"),
    "offentlige-toiletter": (["Offentlige toiletter"], ["toiletter"], ["GeoJSON", "CSV"],
                             "Kvartalsvis"),
    "vejarbejde": (["Aktuelle vejarbejder", "Gravetilladelser"], ["vejarbejde", "gravetilladelse"],
                   ["GeoJSON", "JSON"], "Dagligt"),
    "budget-og-regnskab": (["Budget {year}", "Regnskab {year}", "Kommunens indkøb"],
                           ["budget", "regnskab"], ["CSV", "XLSX"], "Årligt"),
    "befolkning": (["Befolkning pr. distrikt", "Befolkningsprognose {year}-{later}"],
                   ["befolkning", "befolkningsprognose"], ["CSV", "XLSX"], "Årligt"),
    "skoler-og-dagtilbud": (["Skoledistrikter", "Daginstitutioner og skoler"],
                            ["skoledistrikt", "dagtilbud"], ["GeoJSON", "CSV"], "Årligt"),
}  # fmt: skip
AREAS = list(TITLES)
MEDIA = {"CSV": "text/csv", "JSON": "application/json", "GeoJSON": "application/geo+json",
         "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "GTFS": "application/zip", "SHP": "application/zip", "WMS": ""}  # fmt: skip
DESCRIPTION = (
    "{title} fra {publisher}. Datasættet udgives som åbne data under CC BY 4.0 og opdateres "
    "{frequency_lower}.\n\nFelterne er beskrevet i **datadokumentationen**; spørgsmål kan sendes "
    "til kommunens datateam."
)


def packages(*, now, rng: random.Random | None = None) -> list[dict]:
    """The demo catalogue as CKAN packages (deterministic for a given `now`)."""
    rng = rng or random.Random(SEED)
    municipalities = list(Municipality.objects.order_by("code").values_list("code", "name", "slug"))
    result = []
    for code, name, slug in municipalities:
        if code in BIG:
            share = 0.85
        elif code in MANY:
            share = 0.45
        else:
            share = 0.12 if rng.random() < 0.6 else 0.0
        for area in AREAS:
            if rng.random() >= share:
                continue
            for _copy in range(1 + (code in BIG and rng.random() < 0.4)):
                result.append(_package(rng, now, area, code, name, slug, len(result)))
    # Regions publish too; they stay organisations.
    for org, title in [
        ("region-midtjylland", "Region Midtjylland"),
        ("region-hovedstaden", "Region Hovedstaden"),
    ]:
        for area in ("kollektiv-trafik", "luftkvalitet", "befolkning"):
            package = _package(rng, now, area, "", title, org, len(result))
            package["organization"] = {"name": org, "title": title}
            result.append(package)
    return result


def _package(rng, now, area, code, name, slug, n) -> dict:
    titles, keywords, formats, frequency = TITLES[area]
    year = now.year - rng.randint(0, 2)
    title = rng.choice(titles).format(town=name, year=year, later=year + 10)
    if code:
        title = f"{title} – {name}"
    publisher = f"{name} Kommune" if code else name
    # Most data is fresh; some has not been touched for years.
    age = rng.choice([rng.randint(1, 300)] * 6 + [rng.randint(400, 1000), rng.randint(1100, 2500)])
    modified = now - timedelta(days=age, minutes=rng.randint(0, 1440))
    ident = f"demo-{n:05d}"
    return {
        "id": ident,
        "name": f"{slug}-{area}-{n}",
        "title": title,
        "notes": DESCRIPTION.format(
            title=title, publisher=publisher, frequency_lower=frequency.lower()
        ),
        "url": f"{DEMO_URL}/dataset/{slug}-{area}-{n}",
        "maintainer": f"Datateam, {publisher}",
        "maintainer_email": "",
        "license_id": "cc-by-4.0",
        "license_title": "Creative Commons Navngivelse 4.0",
        "license_url": "https://creativecommons.org/licenses/by/4.0/",
        "metadata_created": (modified - timedelta(days=rng.randint(30, 900))).isoformat(),
        "metadata_modified": modified.isoformat(),
        "organization": {"name": f"{slug}-kommune", "title": publisher},
        "tags": [{"name": keyword} for keyword in keywords],
        "groups": [],
        "extras": [
            {"key": "frequency", "value": frequency},
            {"key": "spatial_text", "value": f"{name} Kommune" if code else name},
        ],
        "resources": [
            {
                "id": f"{ident}-{i}",
                "name": f"{title} ({fmt})",
                "format": fmt,
                "mimetype": MEDIA.get(fmt, ""),
                "url": f"{DEMO_URL}/dataset/{slug}-{area}-{n}/resource/{i}.{fmt.lower()}",
            }
            for i, fmt in enumerate(formats[: rng.randint(1, len(formats))])
        ],
    }


def seed(*, stdout, options) -> None:
    source, _created = HarvestSource.objects.get_or_create(
        url=DEMO_URL,
        defaults={"name": "Demo-katalog (eksempeldata)", "enabled": False},
    )
    if source.datasets.exists():
        stdout.write("Demo catalogue: already in place.")
        return
    now = timezone.now()
    items = packages(now=now)
    seen, added, _updated, _withdrawn = services.packages_store(
        source=source, packages=items, now=now
    )
    stdout.write(f"Demo catalogue: {added} datasets.")
