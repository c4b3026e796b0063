"""The map's text filter is the site's one search (smartcity.search), and its counts add up.

On PostgreSQL the map reads the stored `danish` vector (through its GIN index, or for the text
alone the word table kept from it: tests/projects/test_map_terms.py); on SQLite it uses the
search's fallback (Danish stems as substrings). Either way the map counts exactly the
projects the search finds, alone or combined with the other filters, in a bounded answer."""

import random

import pytest
from django.db import connection

from projects.clustering import (
    FROM_TERMS,
    GROUPED,
    MAX_FEATURES,
    Grid,
    grid_cells,
    layer_projects,
    map_layer,
)
from projects.models import Project
from projects.selectors import SEARCH, BBox, ProjectFilters, filter_projects, published_projects
from smartcity import search
from tests.factories import PublishedProjectFactory, ThemeFactory

pytestmark = pytest.mark.django_db

DENMARK = BBox(8.0, 54.5, 15.3, 57.8)
AARHUS = BBox(10.05, 56.08, 10.35, 56.22)

SUMMARIES = [
    "Intelligent gadelys der dæmpes om natten.",
    "Gadelysene tændes af sensorer.",
    "Sensorer i parkeringshuse.",
    "Gadebelysning med LED.",
    "Affaldsspande der melder fra.",
]


@pytest.fixture
def projects(aarhus):
    """600 published projects over Denmark (a third around Aarhus), mixed texts and themes."""
    rng = random.Random(14)
    themes = [ThemeFactory(slug="parkering", name="Parkering"), ThemeFactory(slug="lys")]
    return Project.objects.bulk_create(
        PublishedProjectFactory.build(
            theme=rng.choice(themes),
            summary=rng.choice(SUMMARIES),
            status=rng.choice(["idea", "pilot"]),
            municipality=rng.choice([aarhus, None]),
            adoption_count=rng.choice([0, 1, 2]),
            lat=rng.uniform(box.min_lat, box.max_lat),
            lng=rng.uniform(box.min_lng, box.max_lng),
        )
        for box in [DENMARK, DENMARK, AARHUS]
        for _ in range(200)
    )


def searched(text: str) -> set[int]:
    return set(
        search.search(published_projects(), text, SEARCH, rank=False).values_list("pk", flat=True)
    )


def shown(filters: ProjectFilters, zoom: int) -> tuple[int, list[int], int]:
    """(total, ids of the projects in the answer's cells, features in the answer)."""
    layer = map_layer(filters, zoom=zoom)
    singles = layer_projects(filters, layer)
    features = len(layer.clusters) + len(singles)
    counted = sum(cell.count for cell in layer.clusters) + len(singles)
    assert counted == layer.total
    return layer.total, [point.pk for point in singles], features


@pytest.mark.parametrize(("box", "zoom"), [(DENMARK, 7), (DENMARK, 10), (AARHUS, 13), (AARHUS, 17)])
def test_the_map_counts_exactly_the_projects_the_search_finds(projects, box, zoom):
    found = searched("gadelys")
    assert 0 < len(found) < len(projects)

    filters = ProjectFilters(q="gadelys", bbox=box)
    total, single_ids, features = shown(filters, zoom)

    grid = Grid.for_view(box, zoom)
    in_cells = set(
        published_projects()
        .filter(
            pk__in=found,
            map_y__range=(grid.y0 << grid.shift, ((grid.y1 + 1) << grid.shift) - 1),
            map_x__range=(grid.x0 << grid.shift, ((grid.x1 + 1) << grid.shift) - 1),
        )
        .values_list("pk", flat=True)
    )
    assert total == len(in_cells)
    assert set(single_ids) <= in_cells
    assert features <= MAX_FEATURES


def test_the_text_filter_combines_with_every_other_filter(projects, aarhus):
    combined = [
        ProjectFilters(q="gadelys", theme="parkering"),
        ProjectFilters(q="gadelys", status="pilot"),
        ProjectFilters(q="gadelys", municipality="aarhus"),
        ProjectFilters(q="gadelys", min_adoptions=2),
        ProjectFilters(q="sensorer", theme="lys", status="idea", min_adoptions=1),
    ]
    for filters in combined:
        expected = filter_projects(published_projects(), filters).count()
        assert 0 < expected
        total, _singles, _features = shown(
            ProjectFilters(**{**filters.__dict__, "bbox": DENMARK}), 7
        )
        assert total == expected, filters


def test_the_text_filter_is_never_read_from_the_pre_aggregated_cells(projects):
    # Alone it is read from the word table on PostgreSQL (tests/projects/test_map_terms.py),
    # with another filter grouped from the projects.
    grid = Grid.for_view(DENMARK, 7)
    cells, source = grid_cells(ProjectFilters(q="gadelys", bbox=DENMARK), grid)
    assert source == (FROM_TERMS if connection.vendor == "postgresql" else GROUPED)
    assert sum(cell.count for cell in cells) == len(searched("gadelys"))

    filters = ProjectFilters(q="gadelys", status="pilot", bbox=DENMARK)
    cells, source = grid_cells(filters, grid)
    assert source == GROUPED
    assert (
        sum(cell.count for cell in cells) == filter_projects(published_projects(), filters).count()
    )


def test_an_inflected_word_and_a_word_being_typed_find_the_base_form(projects):
    # "gadelysene" finds "gadelys" (its Danish stem) and "gadel" is read as a prefix, on either
    # database.
    base = searched("gadelys")
    for text in ["gadelysene", "gadel"]:
        total, _singles, _features = shown(ProjectFilters(q=text, bbox=DENMARK), 7)
        assert total == len(searched(text)) >= len(base)


def test_postgresql_matches_whole_words_and_sqlite_parts_of_words(projects):
    # "belysning" is only inside "Gadebelysning": the stored vector holds the whole word, the
    # SQLite fallback matches a substring.
    total, _singles, _features = shown(ProjectFilters(q="belysning", bbox=DENMARK), 7)
    inside = sum("Gadebelysning" in p.summary for p in projects)
    if connection.vendor == "postgresql":
        assert total == 0
    else:
        assert total == inside > 0


def test_text_without_a_word_shows_nothing(projects):
    total, _singles, features = shown(ProjectFilters(q="%$#@ ((( )))", bbox=DENMARK), 7)
    assert (total, features) == (0, 0)


def test_the_map_api_answers_a_text_filter_with_counts_that_add_up(client, projects):
    response = client.get(
        "/api/v1/map/", {"bbox": "8.0,54.5,15.3,57.8", "zoom": 7, "q": "gadelys", "theme": "lys"}
    )
    assert response.status_code == 200
    body = response.json()
    counts = [
        f["properties"]["count"] if f["properties"]["kind"] == "cluster" else 1
        for f in body["features"]
    ]
    assert sum(counts) == body["total"]
    assert (
        body["total"]
        == filter_projects(published_projects(), ProjectFilters(q="gadelys", theme="lys")).count()
    )
    assert len(body["features"]) <= MAX_FEATURES
