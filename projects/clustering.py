"""Server-side clustering for the map, on a fixed grid whose cells are counted in advance.

The grid. Cells are CELL_PIXELS wide on screen at their zoom (projects.map_grid): the database
keeps each project's cell at the finest zoom, 22, in two integer columns (`map_x`, `map_y`,
generated from lat/lng), and its cell at zoom z is that shifted right by 22 - z bits, so the
grids of all zooms nest. A view is answered at its zoom, or at the coarsest zoom needed to span
at most MAX_CELLS cells, which bounds the answer whatever the data. A view shows the whole cells
it meets, so a cluster at the edge counts all its projects and `total` is the sum of the counts.

Pre-aggregated counts. Table projects.MapCell holds, for every zoom up to AGGREGATE_MAX_ZOOM and
every non-empty cell, the count, coordinate sums, extent, smallest id and newest change of its
published projects: once for all projects, once per value of each single filter (theme, status,
municipality, "used by at least N"), and once per status and N together (the two filters with a
handful of values each, which no index narrows well). A view with no filter, one of those or a
status with adoptions is one index range read of at most MAX_CELLS rows, whatever the number of
projects. On PostgreSQL triggers on the project table keep the rows exact in the same
transaction as every write (projects.map_cells: publish, hide, move, edit, delete, adoptions); a
migration builds them, `map_cells.rebuild()` rebuilds them after a bulk load.

Grouping on the fly. Every other filter (a theme or a municipality with another filter, the text
search of several words or with another filter, "with results", "success stories"), zooms
beyond AGGREGATE_MAX_ZOOM (small views) and SQLite group the matching projects by
`map_y >> s, map_x >> s` in one query, with the same filters as the list
(selectors.filter_projects), so the counts add up exactly either way. The rows come from
covering partial indexes of the published projects that hold everything a cell adds up
(Project.Meta: `project_map_cell` on the view's cells, `project_map_theme_cell` and
`project_map_municipality_cell` on a theme's or a municipality's cells), read index-only: the
planner starts from the most selective filter, and the work is the matching projects of that
one filter in the view's cells, never the whole table. The text filter is the site's one
search (smartcity.search: the stored `danish` vector through its GIN index, the last word a
prefix; on SQLite the search's fallback), so the map finds what the list finds; grouped, its
matches are read from the table (a GIN index cannot give the cells) and cost about one heap
page each.

The word table. A text filter of one word and nothing else, on PostgreSQL and at any zoom, is
read from projects.MapTerm instead: one row per lexeme of each published project's stored
vector, with its finest cell, position and last change, under a covering key (lexeme COLLATE
"C", map_y, map_x, project_id) INCLUDE (lat, lng, updated_at); triggers keep it exact in the
same transaction as every write (projects.map_terms). The word becomes its lexemes in
PostgreSQL itself, with the search's configuration (the word and its `danish_stem`, each a
prefix; a stop word finds nothing, as in to_tsquery), folded into constants at planning; each
is one index-only range read of the view's cells, grouped per cell (per project first when the
prefix spans several lexemes, which a project may hold together). The work is still the
matches in the view, but one index entry each instead of a heap page. A word PostgreSQL's
parser might split (an inner "_", scripts beyond the Latin alphabets) is grouped on the fly.
Several words are not read from the word table: it would intersect the words' rows by project,
and a common word costs all of its rows (at 1,000,000 projects "projekt belysning" took 2.6 s
that way, against 0.4 s through the GIN index, which intersects before it reads the table);
bounding that needs the rarest word first and key probes for the others.
The projects shown one by one are a second query: by id, or (zoomed far in, cells opened) the
same range minus the clusters' cells.

Costs (bench/map.py, 1,000,000 projects): the table holds about 2.9 million rows; a write to a
published project touches 14 zooms times about six filter values, in one statement per trigger;
a full rebuild takes about a minute and a half; the three covering indexes take about 95 MB
each. Answers from the table cost a few times a cached answer at any size. Grouped answers cost
what their rows cost: a theme with a status over the whole country reads the theme's 77,000
index entries. The word table holds about ten rows per bench project (10.3 million rows:
780 MB, its key 700 MB; real descriptions hold more words); a write to a published project
replaces its rows, one index entry per lexeme of its text; the rebuild (the migration, or
`map_terms.rebuild()` after a bulk load) takes about a minute and a half. A word found in
50,000 projects is 50,000 index entries: about 45 ms to group at the country view, where the
GIN index and the table took 350 ms (a cold answer 6.5 times a cached one, was 46 times, on a
shared machine; the region view 6 times, was 39).
"""

import re
from dataclasses import dataclass, replace
from datetime import datetime

from django.db import connections
from django.db.models import CharField, Count, F, Max, Min, QuerySet, Subquery, Sum
from django.db.models.functions import Cast

from places.models import Municipality
from smartcity import search

from .map_grid import (
    AGGREGATE_MAX_ZOOM,
    BASE_CELL_LAT,
    BASE_CELL_LNG,
    BASE_ZOOM,
    base_cell,
)
from .models import MapCell, MapTerm, Theme
from .selectors import BBox, ProjectFilters, filter_projects, published_projects

MAX_CELLS = 256  # grid cells one view may span
MAX_FEATURES = 300  # clusters plus single projects in one answer
EXPAND_ZOOM = 15  # from this zoom on, small clusters open into their projects
MAX_ZOOM = BASE_ZOOM

# MapCell.kind
ALL, THEME, STATUS, MUNICIPALITY, ADOPTIONS, STATUS_ADOPTIONS = range(6)

# Where a layer's cells came from: the pre-aggregated cells (MapCell), the word table (MapTerm),
# or the projects grouped on the fly.
FROM_CELLS, FROM_TERMS, GROUPED = "cells", "terms", "grouped"

# Query words that PostgreSQL's parser reads as one token whatever the database's locale
# (letters of the Latin alphabets and digits): each form is then one lexeme or a stop word, as
# in the search's tsquery. Anything else (an inner "_", rarer scripts) is grouped on the fly.
_ONE_TOKEN_RE = re.compile(r"[0-9a-z\u00df-\u00f6\u00f8-\u024f]+")


@dataclass(frozen=True)
class Grid:
    """The cells of one zoom's grid that a view meets: rows y0..y1, columns x0..x1."""

    zoom: int
    y0: int
    y1: int
    x0: int
    x1: int

    @classmethod
    def at(cls, bbox: BBox, zoom: int) -> "Grid":
        shift = BASE_ZOOM - zoom
        return cls(
            zoom,
            base_cell(bbox.min_lat + 90, BASE_CELL_LAT) >> shift,
            base_cell(bbox.max_lat + 90, BASE_CELL_LAT) >> shift,
            base_cell(bbox.min_lng + 180, BASE_CELL_LNG) >> shift,
            base_cell(bbox.max_lng + 180, BASE_CELL_LNG) >> shift,
        )

    @classmethod
    def for_view(cls, bbox: BBox, zoom: int) -> "Grid":
        # A huge view at a high zoom would span millions of cells: take a coarser zoom's grid
        # (four times fewer cells each step) until it spans at most MAX_CELLS.
        grid = cls.at(bbox, min(zoom, BASE_ZOOM))
        while grid.cells_spanned() > MAX_CELLS and grid.zoom > 0:
            grid = cls.at(bbox, grid.zoom - 1)
        return grid

    @property
    def shift(self) -> int:
        return BASE_ZOOM - self.zoom

    @property
    def cell_lng(self) -> float:  # degrees
        return BASE_CELL_LNG * 2**self.shift

    @property
    def cell_lat(self) -> float:
        return BASE_CELL_LAT * 2**self.shift

    def cells_spanned(self) -> int:
        return (self.y1 - self.y0 + 1) * (self.x1 - self.x0 + 1)


@dataclass(frozen=True)
class Cell:
    cell_y: int  # the cell's row and column on its zoom's grid
    cell_x: int
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
    grid: Grid
    total: int
    last_updated: datetime | None
    clusters: list[Cell]
    single_ids: list[int]  # cells of one project
    opened: list[Cell]  # small cells shown as their projects
    source: str = GROUPED  # FROM_CELLS, FROM_TERMS or GROUPED


def _table_filter(filters: ProjectFilters) -> tuple[int, object] | None:
    """The MapCell (kind, value) that answers `filters`, if one does: no filter, one of the
    single filters, or a status with "used by at least N"."""
    if filters.q or filters.with_results or filters.featured:
        return None
    given = [
        (THEME, filters.theme),
        (STATUS, filters.status),
        (MUNICIPALITY, filters.municipality),
        (ADOPTIONS, filters.min_adoptions),
    ]
    given = [(kind, value) for kind, value in given if value]
    if not given:
        return ALL, ""
    if [kind for kind, _value in given] == [STATUS, ADOPTIONS]:
        return STATUS_ADOPTIONS, f"{filters.status}:{filters.min_adoptions}"
    if len(given) > 1:
        return None
    kind, value = given[0]
    if kind == THEME:
        ids = Theme.objects.filter(slug=value).values("pk")[:1]
        return kind, Cast(Subquery(ids), CharField())
    if kind == MUNICIPALITY:
        ids = Municipality.objects.filter(slug=value).values("pk")[:1]
        return kind, Cast(Subquery(ids), CharField())
    return kind, str(value)


def _pre_aggregated_rows(grid: Grid, kind: int, value) -> QuerySet:
    return MapCell.objects.filter(
        zoom=grid.zoom,
        kind=kind,
        value=value,
        cell_y__range=(grid.y0, grid.y1),
        cell_x__range=(grid.x0, grid.x1),
    )


def _in_grid(queryset: QuerySet, grid: Grid) -> QuerySet:
    """The projects in the cells of `grid` (an index range on map_y, then map_x)."""
    shift = grid.shift
    return queryset.filter(
        map_y__range=(grid.y0 << shift, ((grid.y1 + 1) << shift) - 1),
        map_x__range=(grid.x0 << shift, ((grid.x1 + 1) << shift) - 1),
    )


_CELL_COLUMNS = (
    "cell_y", "cell_x", "count", "sum_lat", "sum_lng", "min_lat", "min_lng", "max_lat",
    "max_lng", "first_id", "last_updated",
)  # fmt: skip


def _grouped_rows(filters: ProjectFilters, grid: Grid) -> QuerySet:
    """GROUP BY the grid cell of the matching projects in the cells of the view.

    Only plain aggregates and no ORDER BY: one range read of the (state, map_y, map_x) index
    feeding one hash aggregate."""
    shift = grid.shift
    return (
        _in_grid(filter_projects(published_projects(), replace(filters, bbox=None)), grid)
        .order_by()
        .annotate(cell_y=F("map_y").bitrightshift(shift), cell_x=F("map_x").bitrightshift(shift))
        .values("cell_y", "cell_x")
        .annotate(
            count=Count("pk"),
            # SUM, not AVG: PostgreSQL's float AVG also sums the squares (for variance).
            sum_lat=Sum("lat"),
            sum_lng=Sum("lng"),
            min_lat=Min("lat"),
            min_lng=Min("lng"),
            max_lat=Max("lat"),
            max_lng=Max("lng"),
            first_id=Min("pk"),
            last_updated=Max("updated_at"),
        )
    )


def _term_word(filters: ProjectFilters) -> str | None:
    """The word of a text filter that the word table answers: one word, the only filter, and
    one token for PostgreSQL's parser."""
    others = (
        filters.theme
        or filters.municipality
        or filters.status
        or filters.min_adoptions
        or filters.with_results
        or filters.featured
    )
    if not filters.q or others:
        return None
    words = search.query_words(filters.q)
    if len(words) != 1 or not _ONE_TOKEN_RE.fullmatch(words[0]):
        return None
    return words[0]


def term_query(word: str, grid: Grid) -> tuple[str, list]:
    """The SQL and its parameters that GROUP BY the grid cell the projects holding `word` in
    the cells of the view, from the word table (projects.map_terms), as
    smartcity.search.matches finds them.

    The word is a prefix in any of its forms (search.word_forms); PostgreSQL turns each form
    into its lexeme with the search's `danish` configuration, folded into a constant when the
    query is planned: a stop word gives none and finds nothing, as in to_tsquery. Each form is
    one index-only range read of the view's cells. When the forms find a single lexeme in the
    whole table (two index probes each tell), a project is in the rows once and they are
    grouped per cell straight away; otherwise per project first (a project may hold several
    lexemes of the prefix), and the direct query reads nothing (and the other way round:
    one-time filters)."""
    shift = grid.shift
    cells = f"""
        SELECT p.map_y >> {shift}, p.map_x >> {shift}, count(*), sum(p.lat), sum(p.lng),
               min(p.lat), min(p.lng), max(p.lat), max(p.lng), min(p.project_id),
               max(p.updated_at)
    """
    in_grid = "p.map_y BETWEEN %s AND %s AND p.map_x BETWEEN %s AND %s"
    grid_params = [
        grid.y0 << shift, ((grid.y1 + 1) << shift) - 1,
        grid.x0 << shift, ((grid.x1 + 1) << shift) - 1,
    ]  # fmt: skip
    forms = search.word_forms(word, prefix=True)
    # `^@` on a constant is a range of the byte-ordered key.
    prefix = f"p.lexeme ^@ (tsvector_to_array(to_tsvector('{search.CONFIG}', %s)))[1]"
    ends = ", ".join(
        f"((SELECT {end}(p.lexeme) FROM projects_mapterm p WHERE {prefix}))"  # noqa: S608
        for _form in forms
        for end in ["min", "max"]
    )
    rows = "p.project_id, p.map_y, p.map_x, p.lat, p.lng, p.updated_at FROM projects_mapterm p"
    branches = " UNION ALL ".join(
        f"SELECT {rows} WHERE {prefix} AND {in_grid} AND (SELECT lexeme FROM single) IS NULL"  # noqa: S608
        for _form in forms
    )
    sql = f"""
        WITH single AS (
            SELECT CASE WHEN count(DISTINCT x) = 1 THEN min(x) END AS lexeme
            FROM (VALUES {ends}) AS v (x)
        )
        {cells} FROM projects_mapterm p
        WHERE p.lexeme = (SELECT lexeme FROM single) AND {in_grid}
        GROUP BY 1, 2
        UNION ALL
        {cells} FROM (SELECT DISTINCT * FROM ({branches}) AS m) AS p
        GROUP BY 1, 2
    """  # noqa: S608 (only constants and placeholders)
    params = [form for form in forms for _end in ["min", "max"]] + grid_params
    for form in forms:
        params += [form, *grid_params]
    return sql, params


def _term_rows(word: str, grid: Grid) -> list[tuple]:
    with connections[MapTerm.objects.db].cursor() as cursor:
        cursor.execute(*term_query(word, grid))
        return cursor.fetchall()


def grid_cells(
    filters: ProjectFilters, grid: Grid, *, use_table: bool = True
) -> tuple[list[Cell], str]:
    """The non-empty cells of the grid that match `filters`, in one query; and where they came
    from (FROM_CELLS, FROM_TERMS, GROUPED). `use_table=False` groups the projects whatever."""
    postgresql = connections[MapCell.objects.db].vendor == "postgresql"
    single = _table_filter(filters)
    word = _term_word(filters)
    if use_table and postgresql and single is not None and grid.zoom <= AGGREGATE_MAX_ZOOM:
        source = FROM_CELLS
        rows = _pre_aggregated_rows(grid, *single).values_list(*_CELL_COLUMNS)
    elif use_table and postgresql and word is not None:
        source = FROM_TERMS
        rows = _term_rows(word, grid)
    else:
        source = GROUPED
        rows = _grouped_rows(filters, grid).values_list(*_CELL_COLUMNS)
    cells = [
        # Clamped: rounding must not put the centre of identical points outside their extent.
        Cell(y, x, n, min(max(lat / n, south), north), min(max(lng / n, west), east), south,
             west, north, east, first_id, last_updated)
        for y, x, n, lat, lng, south, west, north, east, first_id, last_updated in rows
    ]  # fmt: skip
    return cells, source


def map_layer(filters: ProjectFilters, *, zoom: int) -> MapLayer:
    """Cluster the published projects matching `filters` in the view `filters.bbox`."""
    grid = Grid.for_view(filters.bbox, zoom)
    cells, source = grid_cells(filters, grid)
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
        grid=grid,
        total=sum(cell.count for cell in cells),
        last_updated=last_updated,
        clusters=clusters,
        single_ids=single_ids,
        opened=opened,
        source=source,
    )


@dataclass(frozen=True)
class MapPoint:
    """A project shown on its own: what its marker and popup need."""

    pk: int
    slug: str
    title: str
    lat: float
    lng: float
    adoption_count: int
    theme: Theme
    municipality_name: str | None


def layer_projects(filters: ProjectFilters, layer: MapLayer) -> list[MapPoint]:
    """The projects shown as single points, in one query, with their theme and municipality.

    A cell of one project is fetched by its id. When cells are opened, every matching project
    in the view's cells but those of the clusters is shown: the same range read as the cells.
    Plain tuples, not model instances: a street view can show a few hundred."""
    if not layer.single_ids and not layer.opened:
        return []
    if layer.opened:
        queryset = _in_grid(filter_projects(published_projects(), replace(filters, bbox=None)),
                            layer.grid)  # fmt: skip
        if layer.clusters:
            # The cell's place within the view's grid, one small integer per cell.
            grid, width = layer.grid, layer.grid.x1 - layer.grid.x0 + 1
            queryset = queryset.annotate(
                cell_number=(F("map_y").bitrightshift(grid.shift) - grid.y0) * width
                + F("map_x").bitrightshift(grid.shift)
                - grid.x0
            ).exclude(
                cell_number__in=[
                    (cell.cell_y - grid.y0) * width + cell.cell_x - grid.x0
                    for cell in layer.clusters
                ]
            )
    else:
        queryset = published_projects().filter(pk__in=layer.single_ids)
    rows = (
        queryset.order_by().values_list(
            "pk",
            "slug",
            "title",
            "lat",
            "lng",
            "adoption_count",
            "municipality__name",
            "theme_id",
            "theme__slug",
            "theme__name",
            "theme__name_en",
            "theme__color",
            "theme__icon",
        )  # fmt: skip
    )
    themes: dict[int, Theme] = {}
    points = []
    for pk, slug, title, lat, lng, adoptions, municipality, theme_id, *theme in rows:
        if theme_id not in themes:
            theme_slug, name, name_en, color, icon = theme
            themes[theme_id] = Theme(
                pk=theme_id, slug=theme_slug, name=name, name_en=name_en, color=color, icon=icon
            )
        points.append(
            MapPoint(pk, slug, title, lat, lng, adoptions, themes[theme_id], municipality)
        )
    return points
