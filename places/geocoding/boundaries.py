"""Which municipality a point lies in, and whether it lies in Denmark at all.

The answer comes from point-in-polygon tests on the municipal boundaries. The project ships
generalised boundaries (places/data/municipality-boundaries.geojson.gz, made from the official
DAGI data by scripts/make_boundaries.py), so every database answers exactly with no manual step;
`manage.py load_municipality_boundaries FILE` loads a newer official file into the database,
and a load there wins over the shipped file. The polygons are kept in memory per process,
prepared for fast tests; every lookup asks the database which load is current (one small query)
so that a reload from another process is noticed at once.
"""

import gzip
import json
import math
import threading
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

import shapely
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.strtree import STRtree

from places.models import Municipality, MunicipalityBoundary
from places.reference import DATA_DIR

SHIPPED_BOUNDARIES = DATA_DIR / "municipality-boundaries.geojson.gz"
SHIPPED_BATCH = uuid.UUID(int=0)  # the batch of the shipped file, which is in no database
CHRISTIANSOE = "411"  # Ertholmene: in the boundary files, but not one of the 98 municipalities
_METRES_PER_DEGREE_LAT = 111_320.0


def valid_point(lat: float, lng: float) -> bool:
    try:
        lat, lng = float(lat), float(lng)
    except (TypeError, ValueError):
        return False
    return math.isfinite(lat) and math.isfinite(lng) and -90 <= lat <= 90 and -180 <= lng <= 180


# --- Lookups ----------------------------------------------------------------------------------


@dataclass
class _BoundaryIndex:
    """Every polygon of every municipality, with a spatial index over their bounding boxes."""

    batch: uuid.UUID
    codes: list[str]
    polygons: list[Polygon]
    areas: list[float]
    tree: STRtree = field(init=False)

    def __post_init__(self):
        shapely.prepare(self.polygons)
        self.tree = STRtree(self.polygons)

    def code_at(self, lat: float, lng: float) -> str | None:
        point = shapely.Point(lng, lat)
        candidates = [  # the bounding boxes that hold the point, then the real test
            i for i in self.tree.query(point) if self.polygons[i].covers(point)
        ]
        if candidates:
            # An enclave drawn as an overlapping polygon (not as a hole) is the smaller one.
            return self.codes[min(candidates, key=self.areas.__getitem__)]
        # Just off the (generalised) coast: the nearest polygon within the tolerance, measured
        # in metres (a degree of longitude is about 0.56 of a degree of latitude here).
        tolerance_m = settings.GEOCODER_BOUNDARY_TOLERANCE_M
        if tolerance_m <= 0:
            return None
        x_scale = math.cos(math.radians(lat))
        near = self.tree.query(
            point, predicate="dwithin", distance=tolerance_m / (_METRES_PER_DEGREE_LAT * x_scale)
        )
        best, best_m = None, float(tolerance_m)
        for i in near:
            nearest = shapely.shortest_line(self.polygons[i], point).coords[0]
            metres = _METRES_PER_DEGREE_LAT * math.hypot(
                (nearest[0] - lng) * x_scale, nearest[1] - lat
            )
            if metres <= best_m:
                best, best_m = i, metres
        return None if best is None else self.codes[best]


_cache_lock = threading.Lock()
_index: _BoundaryIndex | None = None
_shipped: _BoundaryIndex | None = None


def _index_of(batch: uuid.UUID, geometries) -> _BoundaryIndex:
    """The index over (code, shapely geometry) pairs."""
    codes, polygons = [], []
    for code, geometry in geometries:
        for polygon in _polygons_of(geometry):
            codes.append(code)
            polygons.append(polygon)
    return _BoundaryIndex(
        batch=batch, codes=codes, polygons=polygons, areas=[p.area for p in polygons]
    )


def _shipped_index() -> _BoundaryIndex:
    """The boundaries shipped with the project, read once per process."""
    global _shipped
    if _shipped is None:
        with _cache_lock:
            if _shipped is None:
                collection = read_geojson(SHIPPED_BOUNDARIES)
                _shipped = _index_of(
                    SHIPPED_BATCH,
                    (
                        (f["properties"]["lau_1"], shape(f["geometry"]))
                        for f in collection["features"]
                    ),
                )
    return _shipped


def _current_index() -> _BoundaryIndex:
    """The in-memory polygons of the current load (or the shipped ones when the database holds
    none), reading them again after a new load."""
    global _index
    batch = MunicipalityBoundary.objects.order_by("pk").values_list("batch", flat=True).first()
    if batch is None:
        return _shipped_index()
    index = _index
    if index is not None and index.batch == batch:
        return index
    with _cache_lock:
        if _index is None or _index.batch != batch:
            rows = MunicipalityBoundary.objects.filter(batch=batch).values_list(
                "municipality__code", "geometry"
            )
            _index = _index_of(batch, ((c, shapely.from_geojson(g)) for c, g in rows))
        return _index


def municipality_codes_at(points: list[tuple[float, float]]) -> list[str | None]:
    """The municipality code at each (lat, lng): one query, however many points."""
    index = _current_index()
    return [
        index.code_at(float(lat), float(lng)) if valid_point(lat, lng) else None
        for lat, lng in points
    ]


def municipality_at(lat: float, lng: float) -> Municipality | None:
    """The municipality the point lies in; None outside Denmark (or on Ertholmene)."""
    (code,) = municipality_codes_at([(lat, lng)])
    return Municipality.objects.filter(code=code).first() if code else None


def in_denmark(lat: float, lng: float) -> bool:
    """On land in Denmark, or off its coast within GEOCODER_BOUNDARY_TOLERANCE_M."""
    if not valid_point(lat, lng):
        return False
    # Ertholmene is Danish although it belongs to no municipality.
    return _current_index().code_at(float(lat), float(lng)) is not None or (
        _ERTHOLMENE.contains(shapely.Point(float(lng), float(lat)))
    )


def outside_denmark_message() -> str:
    """What a person who put a pin outside Denmark is told, in the active language."""
    return _("The point must lie on land in Denmark, or at most %(metres)s m off its coast.") % {
        "metres": settings.GEOCODER_BOUNDARY_TOLERANCE_M
    }


_ERTHOLMENE = shapely.box(15.15, 55.30, 15.23, 55.34)
shapely.prepare(_ERTHOLMENE)


# --- Loading ----------------------------------------------------------------------------------


@dataclass
class BoundaryLoadReport:
    municipalities: int
    polygons: int
    warnings: list[str]


class BoundaryFileError(ValueError):
    pass


def _polygons_of(geometry) -> list[Polygon]:
    if isinstance(geometry, Polygon):
        return [geometry] if not geometry.is_empty else []
    if hasattr(geometry, "geoms"):  # MultiPolygon, or what make_valid made of a bad polygon
        return [p for g in geometry.geoms for p in _polygons_of(g)]
    return []


def boundaries_replace(*, collection: dict, source: str = "") -> BoundaryLoadReport:
    """Replace every municipality boundary with the polygons of a GeoJSON FeatureCollection.

    Each feature carries the 3-digit municipality code in the property `lau_1`; a municipality
    may have many features (islands). A third coordinate (DAGI writes -999.0) is dropped.
    Christiansø and unknown codes are skipped with a warning. Nothing changes unless the file
    is usable: the old boundaries are replaced in one transaction.
    """
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise BoundaryFileError("The file is not a GeoJSON FeatureCollection.")
    municipalities = {m.code: m for m in Municipality.objects.all()}
    polygons: dict[str, list[Polygon]] = defaultdict(list)
    warnings: list[str] = []
    skipped: dict[str, int] = defaultdict(int)
    for number, feature in enumerate(collection.get("features") or [], start=1):
        properties = (feature or {}).get("properties") or {}
        code = str(properties.get("lau_1", "")).strip().zfill(3)
        if code not in municipalities:
            skipped[code] += 1
            continue
        try:
            geometry = shapely.force_2d(shape(feature["geometry"]))
        except (KeyError, TypeError, ValueError, AttributeError, shapely.errors.ShapelyError):
            warnings.append(f"Feature {number} ({code}) has no usable geometry; skipped.")
            continue
        if not geometry.is_valid:
            geometry = shapely.make_valid(geometry)
        found = _polygons_of(geometry)
        if not found:
            warnings.append(f"Feature {number} ({code}) is not a polygon; skipped.")
        polygons[code].extend(found)
    for code, count in sorted(skipped.items()):
        what = "Christiansø (not a municipality)" if code == CHRISTIANSOE else "unknown code"
        warnings.append(f"Skipped {count} feature(s) with code {code}: {what}.")
    if not polygons:
        raise BoundaryFileError("The file holds no polygon for any known municipality.")
    missing = sorted(set(municipalities) - set(polygons))
    if missing:
        warnings.append(f"No boundary for {len(missing)} municipalities: {', '.join(missing)}.")

    batch = uuid.uuid4()
    rows = []
    for code, parts in polygons.items():
        geometry = MultiPolygon(parts)
        min_lng, min_lat, max_lng, max_lat = geometry.bounds
        rows.append(
            MunicipalityBoundary(
                municipality=municipalities[code],
                geometry=shapely.to_geojson(geometry),
                min_lat=min_lat,
                min_lng=min_lng,
                max_lat=max_lat,
                max_lng=max_lng,
                polygon_count=len(parts),
                batch=batch,
                source=source[:255],
            )
        )
    with transaction.atomic():
        MunicipalityBoundary.objects.all().delete()
        MunicipalityBoundary.objects.bulk_create(rows)
    return BoundaryLoadReport(
        municipalities=len(rows), polygons=sum(r.polygon_count for r in rows), warnings=warnings
    )


def read_geojson(path) -> dict:
    """A GeoJSON file, gzip-compressed if its name ends in .gz."""
    opener = gzip.open if str(path).endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8") as f:
            return json.load(f)
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BoundaryFileError(f"Cannot read {path}: {error}") from error
