#!/usr/bin/env python
"""Make the boundary files the project ships, from the official DAGI files. Run by hand.

    .venv/bin/python scripts/make_boundaries.py DAGI_DIR

DAGI_DIR holds `dagi-municipalities-2014.geojson` and `dagi-postal-codes-2014.geojson`
(Geodatastyrelsen & Danske Kommuner; WGS84, one feature per polygon, a placeholder third
coordinate). Pass --municipalities/--postal-codes to use files of another year.

Writes places/data/municipality-boundaries.geojson.gz (one MultiPolygon feature per
municipality, property `lau_1` = code, `name`, `iso_3166_2` = its region; Christiansø left
out: it is no municipality) and places/data/postal-districts.geojson.gz (one feature per
district: `postal_code` as "8000" or "1000-1499", `name`, and `lat`/`lng` of the point the
offline geocoder answers with: the largest town in the district, else a point inside its
largest polygon).

The polygons of each file form a coverage (neighbours share their edges exactly), so they are
simplified together with shapely.coverage_simplify: shared borders stay shared, no gaps or
overlaps appear, no polygon is dropped (every island stays, each with at least a triangle).
Names are corrected from the project's own tables: municipalities from municipalities.csv
("Århus" -> "Aarhus"), and the same words in postal district names ("Århus C" -> "Aarhus C").
The script then checks what the tests rely on and stops on the first failure.
"""

import argparse
import gzip
import json
import math
import os
import re
import sys
from collections import defaultdict
from pathlib import Path

import shapely
from shapely.geometry import MultiPolygon, Point, shape

REPO_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcity.settings")

CHRISTIANSOE = "411"
SIMPLIFY_METRES = 50  # about the precision of the 1:500,000 source; the files stay small
DECIMALS = 5  # about a metre


def _to_metres(coords):
    # A plane in metres around Denmark (equirectangular at 56° N), so that the tolerance of
    # the simplification means the same east-west as north-south.
    out = coords.copy()
    out[:, 0] *= 111_320.0 * math.cos(math.radians(56))
    out[:, 1] *= 111_320.0
    return out


def _to_degrees(coords):
    out = coords.copy()
    out[:, 0] /= 111_320.0 * math.cos(math.radians(56))
    out[:, 1] /= 111_320.0
    return out


def read_features(path: Path) -> list[tuple[dict, object]]:
    with open(path, encoding="utf-8") as f:
        collection = json.load(f)
    features = []
    for feature in collection["features"]:
        geometry = shapely.force_2d(shape(feature["geometry"]))  # drops the -999.0 placeholder
        features.append((feature["properties"], geometry))
    return features


def simplify_coverage(geometries: list) -> list:
    if not shapely.coverage_is_valid(geometries):
        sys.exit("The polygons overlap or leave slivers: not a coverage, cannot simplify.")
    planar = [shapely.transform(g, _to_metres) for g in geometries]
    simplified = shapely.coverage_simplify(planar, SIMPLIFY_METRES)
    return [
        shapely.set_precision(shapely.transform(g, _to_degrees), 10**-DECIMALS) for g in simplified
    ]


def polygons_of(geometry) -> list:
    if geometry.geom_type == "Polygon":
        return [] if geometry.is_empty else [geometry]
    return [p for g in getattr(geometry, "geoms", []) for p in polygons_of(g)]


def write(path: Path, features: list[dict]) -> None:
    text = json.dumps(
        {"type": "FeatureCollection", "features": features},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    # mtime=0: the same input gives the same bytes, so git sees no change on a rerun.
    with open(path, "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0) as out:
        out.write(text.encode("utf-8"))
    print(f"Wrote {path.relative_to(REPO_DIR)}: {path.stat().st_size:,} bytes")


def geometry_json(geometry) -> dict:
    return json.loads(shapely.to_geojson(geometry, indent=None))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dagi_dir", type=Path, help="folder with the DAGI GeoJSON files")
    parser.add_argument("--municipalities", default="dagi-municipalities-2014.geojson")
    parser.add_argument("--postal-codes", default="dagi-postal-codes-2014.geojson")
    args = parser.parse_args()

    import django

    django.setup()
    from places.geocoding.gazetteer import danish_geonames_towns
    from places.reference import DATA_DIR, read_csv

    ours = {row["code"].zfill(3): row for row in read_csv("municipalities.csv")}

    # --- Municipalities -------------------------------------------------------------------
    features = read_features(args.dagi_dir / args.municipalities)
    features = [(p, g) for p, g in features if str(p["lau_1"]).zfill(3) != CHRISTIANSOE]
    simplified = simplify_coverage([g for _, g in features])
    parts: dict[str, list] = defaultdict(list)
    renamed: dict[str, str] = {}  # a 2014 name -> today's, also used on postal district names
    regions: dict[str, str] = {}
    for (properties, _), geometry in zip(features, simplified, strict=True):
        code = str(properties["lau_1"]).zfill(3)
        if code not in ours:
            sys.exit(f"Code {code} ({properties.get('label_dk')}) is not in municipalities.csv.")
        parts[code].extend(polygons_of(geometry))
        regions[code] = properties["iso_3166_2"]
        old = str(properties.get("label_dk", ""))
        if old and old != ours[code]["name"]:
            renamed[old] = ours[code]["name"]
    missing = sorted(set(ours) - set(parts))
    if missing:
        sys.exit(f"No boundary for {', '.join(missing)}.")
    municipalities = {code: MultiPolygon(parts[code]) for code in sorted(parts)}
    write(
        DATA_DIR / "municipality-boundaries.geojson.gz",
        [
            {
                "type": "Feature",
                "properties": {
                    "lau_1": code,
                    "name": ours[code]["name"],
                    "iso_3166_2": regions[code],
                },
                "geometry": geometry_json(geometry),
            }
            for code, geometry in municipalities.items()
        ],
    )

    # --- Postal districts -----------------------------------------------------------------
    districts = read_features(args.dagi_dir / args.postal_codes)
    simplified = simplify_coverage([g for _, g in districts])
    by_code: dict[str, list] = defaultdict(list)
    names: dict[str, str] = {}
    for (properties, _), geometry in zip(districts, simplified, strict=True):
        by_code[properties["postal_code"]].extend(polygons_of(geometry))
        names[properties["postal_code"]] = properties["label_dk"]
    towns = sorted(danish_geonames_towns(), key=lambda t: -t["population"])
    words = re.compile(r"\b(" + "|".join(map(re.escape, renamed)) + r")\b") if renamed else None
    postal_features = []
    for code in sorted(by_code, key=lambda c: int(c.split("-")[0])):
        # Some districts are several touching polygons: merged, they make one valid shape.
        geometry = MultiPolygon(polygons_of(shapely.union_all(by_code[code])))
        town = next(
            (t for t in towns if geometry.covers(Point(t["longitude"], t["latitude"]))), None
        )
        if town is not None:
            lat, lng = town["latitude"], town["longitude"]
        else:
            inside = max(geometry.geoms, key=lambda p: p.area).point_on_surface()
            lat, lng = inside.y, inside.x
        name = words.sub(lambda m: renamed[m.group(1)], names[code]) if words else names[code]
        postal_features.append(
            {
                "type": "Feature",
                "properties": {
                    "postal_code": code,
                    "name": name,
                    "lat": round(lat, DECIMALS),
                    "lng": round(lng, DECIMALS),
                },
                "geometry": geometry_json(geometry),
            }
        )
    write(DATA_DIR / "postal-districts.geojson.gz", postal_features)

    # --- Checks: every town hall, and every town on an island, is still where it was -------
    original = defaultdict(list)
    for properties, geometry in read_features(args.dagi_dir / args.municipalities):
        original[str(properties["lau_1"]).zfill(3)].append(geometry)
    for code, row in ours.items():
        seat = Point(float(row["lng"]), float(row["lat"]))
        if not municipalities[code].covers(seat):
            sys.exit(f"The town hall of {row['name']} fell outside its simplified polygon.")
    lost = []
    for town in towns:
        point = Point(town["longitude"], town["latitude"])
        for code, polygons in original.items():
            if code != CHRISTIANSOE and any(p.covers(point) for p in polygons):
                if municipalities[code].distance(point) > 0.001:  # ~100 m
                    lost.append(f"{town['name']} ({code})")
    if lost:
        sys.exit(f"Towns no longer inside their municipality: {', '.join(lost)}.")
    polygons = sum(len(g.geoms) for g in municipalities.values())
    print(
        f"{len(municipalities)} municipalities ({polygons} polygons), "
        f"{len(postal_features)} postal districts; every town hall and town kept."
    )


if __name__ == "__main__":
    main()
