"""Reads of the catalogue: the dataset list and its filters, the matrix of data areas against
municipalities, a municipality's coverage and gaps, and finding datasets by URL."""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.urls import Resolver404, resolve
from django.utils import timezone

from places.models import Municipality, Region
from smartcity import search as text_search

from .models import DataArea, Dataset, Distribution

RECENT_DAYS = 365
NEAREST = 5


def published_datasets() -> QuerySet[Dataset]:
    return Dataset.published.all()


# --- the list ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DatasetFilters:
    q: str = ""
    municipality: str = ""  # slug or three-digit code
    region: str = ""  # slug
    area: str = ""  # slug
    format: str = ""
    licence: str = ""
    recent: bool = False  # updated in the last 12 months
    modified_since: datetime | None = None


def filter_datasets(datasets: QuerySet[Dataset], filters: DatasetFilters) -> QuerySet[Dataset]:
    if filters.municipality:
        key = filters.municipality.strip()
        if key.isdigit():
            datasets = datasets.filter(municipality__code=key.zfill(3))
        else:
            datasets = datasets.filter(municipality__slug=key)
    if filters.region:
        datasets = datasets.filter(municipality__region__slug=filters.region)
    if filters.area:
        datasets = datasets.filter(areas__slug=filters.area)
    if filters.format:
        fmt = filters.format.strip().upper()
        datasets = datasets.filter(
            pk__in=Distribution.objects.filter(format=fmt).values("dataset_id")
        )
    if filters.licence:
        datasets = datasets.filter(licence_id=filters.licence)
    if filters.recent:
        datasets = datasets.filter(modified__gte=timezone.now() - timedelta(days=RECENT_DAYS))
    if filters.modified_since:
        datasets = datasets.filter(modified__gte=filters.modified_since)
    if filters.q:
        datasets = search(datasets, filters.q)
    return datasets


# What dataset search reads (smartcity.search): the stored vector on PostgreSQL (built by
# services.dataset_search_vector_update), these fields in the SQLite fallback.
SEARCH = text_search.Source(
    fields=(
        ("title", "A"),
        ("keywords", "B"),
        ("publisher_name", "B"),
        ("description_html", "C"),
        ("landing_page", "D"),
    ),
    vector="search_vector",
)


def search(datasets: QuerySet[Dataset], query: str) -> QuerySet[Dataset]:
    """The datasets matching the words (best matches first), or the one a pasted address
    belongs to."""
    query = query.strip()[:200]
    if query.startswith(("http://", "https://")):
        # A pasted address: the dataset it is the page, landing page or a file of.
        found = datasets_for_urls([query])
        return datasets.filter(pk__in=[d.pk for d in found.values()])
    return text_search.search(datasets, query, SEARCH).order_by("-rank", "title", "pk")


def datasets_for_list(filters: DatasetFilters) -> QuerySet[Dataset]:
    datasets = filter_datasets(published_datasets(), filters)
    if not filters.q:
        datasets = datasets.order_by("-modified", "pk")
    return datasets.select_related("municipality").defer("search_vector", "description_html")


# The filter choices scan every dataset; a few minutes old is fine for a select.
CHOICES_CACHE_SECONDS = 600


def format_choices() -> list[str]:
    def formats():
        return list(
            Distribution.objects.filter(dataset__withdrawn_at__isnull=True)
            .order_by("format")
            .values_list("format", flat=True)
            .distinct()
            .exclude(format="")[:60]
        )

    return cache.get_or_set("catalogue:format-choices", formats, CHOICES_CACHE_SECONDS)


def licence_choices() -> list[tuple[str, str]]:
    def licences():
        rows = (
            published_datasets()
            .exclude(licence_id="")
            .values_list("licence_id", "licence_title")
            .distinct()
            .order_by("licence_id")
        )
        return list(dict(rows).items())

    return cache.get_or_set("catalogue:licence-choices", licences, CHOICES_CACHE_SECONDS)


# --- the matrix ----------------------------------------------------------------------------


def freshness(newest: datetime | None) -> str:
    """How recently the newest dataset of a cell changed: the cell's colour."""
    if newest is None:
        return "none"
    age = timezone.now() - newest
    if age <= timedelta(days=RECENT_DAYS):
        return "fresh"
    if age <= timedelta(days=3 * RECENT_DAYS):
        return "ageing"
    return "stale"


@dataclass
class Cell:
    count: int = 0
    newest: datetime | None = None
    area: DataArea | None = None
    url: str = ""
    label: str = ""

    @property
    def freshness(self) -> str:
        return freshness(self.newest) if self.count else "none"


@dataclass
class Row:
    municipality: Municipality
    cells: list[Cell]

    @property
    def covered(self) -> int:
        return sum(1 for cell in self.cells if cell.count)

    @property
    def total(self) -> int:
        return sum(cell.count for cell in self.cells)


@dataclass
class Matrix:
    areas: list[DataArea]
    rows: list[Row]
    area_coverage: list[int] = field(default_factory=list)  # municipalities per area

    @property
    def size(self) -> int:
        return len(self.rows)


def _grid() -> tuple[list[Municipality], dict[tuple[int, int], Cell]]:
    """One query: every municipality (with its region), and per municipality and area the
    number of published datasets and the newest change among them (the Coverage rows)."""
    rows = Municipality.objects.values(
        "pk",
        "code",
        "name",
        "slug",
        "lat",
        "lng",
        "region_id",
        "open_data_coverage__area_id",
        "open_data_coverage__datasets",
        "open_data_coverage__newest",
    ).order_by("name")
    municipalities: dict[int, Municipality] = {}
    cells: dict[tuple[int, int], Cell] = {}
    for row in rows:
        if row["pk"] not in municipalities:
            municipalities[row["pk"]] = Municipality(
                pk=row["pk"],
                code=row["code"],
                name=row["name"],
                slug=row["slug"],
                lat=row["lat"],
                lng=row["lng"],
                region_id=row["region_id"],
            )
        if row["open_data_coverage__area_id"] is not None:
            cells[(row["pk"], row["open_data_coverage__area_id"])] = Cell(
                row["open_data_coverage__datasets"], row["open_data_coverage__newest"]
            )
    return list(municipalities.values()), cells


def _cell(cells, municipality: Municipality, area: DataArea) -> Cell:
    found = cells.get((municipality.pk, area.pk))
    return Cell(found.count, found.newest, area) if found else Cell(area=area)


def matrix(*, region: Region | None = None, sort: str = "name") -> Matrix:
    """The data areas against the municipalities (of one region, or all 98).

    `sort`: "name", "coverage" (most areas first) or an area's slug (most datasets first).
    Queries: the areas, and the grid."""
    areas = list(DataArea.objects.all())
    municipalities, cells = _grid()
    if region is not None:
        municipalities = [m for m in municipalities if m.region_id == region.pk]
    rows = [Row(m, [_cell(cells, m, area) for area in areas]) for m in municipalities]
    slugs = [area.slug for area in areas]
    if sort == "coverage":
        rows.sort(key=lambda row: (-row.covered, -row.total, row.municipality.name))
    elif sort in slugs:
        index = slugs.index(sort)
        rows.sort(key=lambda row: (-row.cells[index].count, row.municipality.name))
    coverage = [sum(1 for row in rows if row.cells[i].count) for i in range(len(areas))]
    return Matrix(areas=areas, rows=rows, area_coverage=coverage)


# --- one municipality ----------------------------------------------------------------------


@dataclass
class Gap:
    area: DataArea
    publishers: list[Municipality]  # neighbours publishing in the area
    examples: list[Dataset]


@dataclass
class MunicipalityOpenData:
    municipality: Municipality
    areas: list[tuple[DataArea, Cell]]  # every area, with this municipality's cell
    total: int
    covered: int
    area_count: int
    region_average: float
    country_average: float
    neighbours: list[Municipality]
    gaps: list[Gap]


def _distance(a: Municipality, b: Municipality) -> float:
    # Equirectangular: plenty for ranking neighbours within Denmark.
    x = math.radians(b.lng - a.lng) * math.cos(math.radians((a.lat + b.lat) / 2))
    return math.hypot(x, math.radians(b.lat - a.lat))


def municipality_open_data(municipality: Municipality) -> MunicipalityOpenData:
    """Its datasets by area, its coverage against its region and the country, and the gaps:
    areas its neighbours (same region, or the five nearest) publish and it does not.

    Queries: the areas, the grid, and the example datasets of the gaps (three, whatever the
    number of datasets)."""
    areas = list(DataArea.objects.all())
    municipalities, cells = _grid()
    covered_by = defaultdict(set)
    for m_id, a_id in cells:
        covered_by[m_id].add(a_id)
    area_ids = {area.pk for area in areas}

    def coverage(m_id: int) -> int:
        return len(covered_by[m_id] & area_ids)

    same_region = [m for m in municipalities if m.region_id == municipality.region_id]
    others = sorted(
        (m for m in municipalities if m.pk != municipality.pk),
        key=lambda m: _distance(municipality, m),
    )
    nearest = others[:NEAREST]
    neighbours = {m.pk: m for m in [*same_region, *nearest] if m.pk != municipality.pk}
    own = covered_by[municipality.pk]
    gaps = []
    for area in areas:
        if area.pk in own:
            continue
        publishers = [m for m in neighbours.values() if area.pk in covered_by[m.pk]]
        if publishers:
            publishers.sort(key=lambda m: -cells[(m.pk, area.pk)].count)
            gaps.append(Gap(area, publishers, []))
    if gaps:
        by_area = {gap.area.pk: gap for gap in gaps}
        through = (
            Dataset.areas.through.objects.filter(
                dataarea_id__in=list(by_area),
                dataset__municipality_id__in=list(neighbours),
                dataset__withdrawn_at__isnull=True,
            )
            .select_related("dataset__municipality")
            .defer("dataset__description_html", "dataset__search_vector")
            .order_by("dataarea_id", "-dataset__modified")[:300]
        )
        for link in through:
            gap = by_area[link.dataarea_id]
            if len(gap.examples) < 3:
                gap.examples.append(link.dataset)
    own_cells = [(area, _cell(cells, municipality, area)) for area in areas]

    def average(group: list[Municipality]) -> float:
        return sum(coverage(m.pk) for m in group) / len(group) if group else 0.0

    return MunicipalityOpenData(
        municipality=municipality,
        areas=own_cells,
        total=sum(cell.count for _area, cell in own_cells),
        covered=coverage(municipality.pk),
        area_count=len(areas),
        region_average=average(same_region),
        country_average=average(municipalities),
        neighbours=sorted(neighbours.values(), key=lambda m: m.name),
        gaps=gaps,
    )


# --- finding datasets by URL ----------------------------------------------------------------


def datasets_for_urls(urls: list[str]) -> dict[str, Dataset]:
    """The published dataset each URL points to: its page on this site, its landing page, or
    one of its distributions. One query (two when distributions must be searched)."""
    wanted = {url: _normal(url) for url in urls if url}
    slugs = {}
    for url in wanted:
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            continue
        if match.view_name == "catalogue:dataset":
            slugs[url] = match.kwargs["slug"]
    normals = set(wanted.values())
    found = {}
    candidates = published_datasets().filter(
        Q(slug__in=slugs.values()) | Q(landing_page__in=_variants(normals))
    )
    for dataset in candidates.only("pk", "slug", "title", "landing_page"):
        for url, normal in wanted.items():
            if slugs.get(url) == dataset.slug or _normal(dataset.landing_page) == normal:
                found.setdefault(url, dataset)
    missing = {url: normal for url, normal in wanted.items() if url not in found}
    if missing:
        links = Distribution.objects.filter(
            Q(access_url__in=_variants(set(missing.values())))
            | Q(download_url__in=_variants(set(missing.values()))),
            dataset__withdrawn_at__isnull=True,
        ).select_related("dataset")
        for link in links:
            for url, normal in missing.items():
                if normal in (_normal(link.access_url), _normal(link.download_url)):
                    found.setdefault(url, link.dataset)
    return found


def _normal(url: str) -> str:
    parts = urlsplit((url or "").strip())
    return f"{parts.netloc.lower()}{parts.path.rstrip('/')}" + (
        f"?{parts.query}" if parts.query else ""
    )


def _variants(normals: set[str]) -> list[str]:
    # Stored URLs keep their scheme and may end with a slash.
    return [
        f"{scheme}://{n}{slash}"
        for n in normals
        for scheme in ("http", "https")
        for slash in ("", "/")
    ]


def link_datasets(links: list[dict]) -> list[dict]:
    """Mark the links (the project form's "open datasets used") that point to a catalogue
    dataset with its slug: {"title", "url", "dataset": slug}."""
    found = datasets_for_urls([link["url"] for link in links])
    marked = []
    for link in links:
        link = {"title": link["title"], "url": link["url"]}
        if dataset := found.get(link["url"]):
            link["dataset"] = dataset.slug
        marked.append(link)
    return marked


def dataset_by_slug(slug: str) -> Dataset | None:
    try:
        return Dataset.objects.select_related("municipality__region", "source").get(slug=slug)
    except Dataset.DoesNotExist:
        return None
