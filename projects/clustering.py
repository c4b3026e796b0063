"""Server-side clustering for the map: the database groups the projects of a view on a grid.

The grid cell is a fixed number of screen pixels at the requested zoom, converted to degrees,
so a cluster looks the same size at every zoom. One GROUP BY query over
floor(lat / cell), floor(lng / cell) gives the count, centre and extent of every cell; cells
holding one project (and, when zoomed far in, the smallest cells) become single projects, which
one more query fetches. However many projects there are, the answer holds at most
MAX_FEATURES features, because the grid is coarsened until the view has at most MAX_CELLS cells.
"""

import math
from dataclasses import dataclass
from datetime import datetime

from django.db.models import (
    Count,
    F,
    FloatField,
    Max,
    Min,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Floor

from .models import Project
from .selectors import BBox

CELL_PIXELS = 60  # the side of a grid cell on screen
TILE_PIXELS = 256  # Web Mercator: the world is 256 * 2**zoom pixels wide
MAX_CELLS = 256  # grid cells one view may span
MAX_FEATURES = 300  # clusters plus single projects in one answer
EXPAND_ZOOM = 15  # from this zoom on, small clusters open into their projects
MAX_ZOOM = 22


@dataclass(frozen=True)
class Grid:
    cell_lat: float  # degrees
    cell_lng: float

    @classmethod
    def for_view(cls, bbox: BBox, zoom: int) -> "Grid":
        cell_lng = CELL_PIXELS * 360 / (TILE_PIXELS * 2**zoom)
        # Web Mercator stretches latitude by 1/cos(lat): a square cell on screen is shorter in
        # degrees of latitude than of longitude (at 56°N about 0.56 times).
        mid_lat = max(min((bbox.min_lat + bbox.max_lat) / 2, 85.0), -85.0)
        grid = cls(cell_lat=cell_lng * math.cos(math.radians(mid_lat)), cell_lng=cell_lng)
        # A huge view at a high zoom would span millions of cells: coarsen the grid until it
        # spans at most MAX_CELLS, which bounds the number of features whatever the data.
        while (cells := grid.cells_spanned(bbox)) > MAX_CELLS:
            factor = max(math.sqrt(cells / MAX_CELLS), 1.1)
            grid = cls(cell_lat=grid.cell_lat * factor, cell_lng=grid.cell_lng * factor)
        return grid

    def cells_spanned(self, bbox: BBox) -> int:
        rows = math.floor(bbox.max_lat / self.cell_lat) - math.floor(bbox.min_lat / self.cell_lat)
        columns = math.floor(bbox.max_lng / self.cell_lng) - math.floor(
            bbox.min_lng / self.cell_lng
        )
        return (rows + 1) * (columns + 1)


@dataclass(frozen=True)
class Cell:
    count: int
    lat: float  # mean position of its projects
    lng: float
    min_lat: float
    min_lng: float
    max_lat: float
    max_lng: float
    first_id: int  # the project, when the cell holds only one
    last_updated: datetime

    @property
    def bbox(self) -> list[float]:
        return [self.min_lng, self.min_lat, self.max_lng, self.max_lat]


@dataclass(frozen=True)
class MapLayer:
    total: int
    last_updated: datetime | None
    clusters: list[Cell]
    single_ids: list[int]  # cells of one project
    opened: list[Cell]  # small cells shown as their projects

    @property
    def point_count(self) -> int:
        return len(self.single_ids) + sum(cell.count for cell in self.opened)


def grid_cells(queryset: QuerySet[Project], grid: Grid) -> list[Cell]:
    """The non-empty cells of the grid, in one GROUP BY query.

    Only plain aggregates over the filtered rows, no ORDER BY: PostgreSQL answers it with one
    scan of the (state, lat, lng) index range and a hash aggregate."""
    rows = (
        queryset.filter(lat__isnull=False, lng__isnull=False)
        .order_by()
        .annotate(
            cell_y=Floor(F("lat") / Value(grid.cell_lat, output_field=FloatField())),
            cell_x=Floor(F("lng") / Value(grid.cell_lng, output_field=FloatField())),
        )
        .values("cell_y", "cell_x")
        .annotate(
            n=Count("pk"),
            # SUM, not AVG: PostgreSQL's float AVG also sums the squares (for variance).
            sum_lat=Sum("lat"),
            sum_lng=Sum("lng"),
            south=Min("lat"),
            west=Min("lng"),
            north=Max("lat"),
            east=Max("lng"),
            first_id=Min("pk"),
            last_updated=Max("updated_at"),
        )
        .values_list(
            "n",
            "sum_lat",
            "sum_lng",
            "south",
            "west",
            "north",
            "east",
            "first_id",
            "last_updated",
        )
    )
    return [
        # Clamped: rounding must not put the centre of identical points outside their extent.
        Cell(n, min(max(lat / n, south), north), min(max(lng / n, west), east), south, west,
             north, east, first_id, last_updated)
        for n, lat, lng, south, west, north, east, first_id, last_updated in rows
    ]  # fmt: skip


def map_layer(queryset: QuerySet[Project], *, bbox: BBox, zoom: int) -> MapLayer:
    """Cluster the projects of `queryset` (already filtered to the view) for one map view."""
    cells = grid_cells(queryset, Grid.for_view(bbox, zoom))
    clusters = [cell for cell in cells if cell.count > 1]
    single_ids = [cell.first_id for cell in cells if cell.count == 1]
    opened: list[Cell] = []
    if zoom >= EXPAND_ZOOM:
        # Zoomed far in, open the smallest clusters (projects in one building, or geocoded to
        # the same town) as long as the answer stays within its size.
        features = len(cells)
        clusters.sort(key=lambda cell: cell.count)
        while clusters and features + clusters[0].count - 1 <= MAX_FEATURES:
            cell = clusters.pop(0)
            features += cell.count - 1
            opened.append(cell)
    last_updated = max((cell.last_updated for cell in cells), default=None)
    return MapLayer(
        total=sum(cell.count for cell in cells),
        last_updated=last_updated,
        clusters=clusters,
        single_ids=single_ids,
        opened=opened,
    )


def layer_projects(queryset: QuerySet[Project], layer: MapLayer) -> list[Project]:
    """The projects shown as single points, in one query, with their theme and municipality.

    A cell's extent holds no other cell's projects (cells are disjoint), so an opened cell is
    fetched by its extent."""
    if not layer.single_ids and not layer.opened:
        return []
    where = Q(pk__in=layer.single_ids)
    for cell in layer.opened:
        where |= Q(
            lat__gte=cell.min_lat,
            lat__lte=cell.max_lat,
            lng__gte=cell.min_lng,
            lng__lte=cell.max_lng,
        )
    return list(
        queryset.filter(where)
        .order_by()
        .select_related("theme", "municipality")
        .only(
            "slug",
            "title",
            "lat",
            "lng",
            "adoption_count",
            "theme__slug",
            "theme__name",
            "theme__name_en",
            "theme__color",
            "theme__icon",
            "municipality__name",
        )  # fmt: skip
    )
