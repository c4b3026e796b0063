"""The map's fixed grid, shared by the Project columns that hold it and by the clustering.

Cells are CELL_PIXELS wide on screen at their zoom. A cell at zoom z is 2**(22 - z) cells of the
finest grid (zoom 22) on a side, so the cell of a project at any zoom is its finest cell shifted
right: `map_x >> (22 - z)`. Latitude is scaled by cos(56°), Denmark's middle, so that cells are
about square on a Web Mercator map of Denmark. Changing a constant here needs a migration (the
database computes Project.map_x and map_y) and a rebuild of the pre-aggregated cells.
"""

import math

from django.db import models

CELL_PIXELS = 80  # the side of a cell on screen (also Leaflet.markercluster's default radius)
TILE_PIXELS = 256  # Web Mercator: the world is 256 * 2**zoom pixels wide
BASE_ZOOM = 22  # the finest grid, stored on each project
REFERENCE_LAT = 56.0
BASE_CELL_LNG = CELL_PIXELS * 360 / (TILE_PIXELS * 2**BASE_ZOOM)  # degrees
BASE_CELL_LAT = BASE_CELL_LNG * math.cos(math.radians(REFERENCE_LAT))


def base_cell(value: float, size: float) -> int:
    """Python's reading of GridIndex (the same IEEE division and floor)."""
    return math.floor(value / size)


class GridIndex(models.Func):
    """floor(value / size) as an integer, for a value that is never negative (lng + 180,
    lat + 90): immutable, so it can define a stored generated column on either database."""

    output_field = models.IntegerField()

    def __init__(self, expression, size: float):
        super().__init__(expression, models.Value(float(size)))

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template="CAST(FLOOR(%(expressions)s) AS integer)",
            arg_joiner=" / ", **extra,
        )  # fmt: skip

    def as_sqlite(self, compiler, connection, **extra):
        # SQLite's CAST truncates, which is floor for a value that is not negative.
        return super().as_sql(
            compiler, connection, template="CAST(%(expressions)s AS INTEGER)", arg_joiner=" / ",
            **extra,
        )  # fmt: skip


# Zooms 0 to AGGREGATE_MAX_ZOOM are pre-aggregated (projects.MapCell); a view beyond it is small
# enough to group its projects on the fly.
AGGREGATE_MAX_ZOOM = 13
