"""The pre-aggregated map cells stay exact through every write (projects.map_cells).

Each check compares, for every pre-aggregated zoom and every filter the table answers, the cells
read from the table with the same cells grouped from the projects on the fly. On SQLite both are
grouped on the fly (no table), on PostgreSQL the first must come from the table."""

import random

import pytest
from django.db import connection

from places.models import Municipality
from projects import review, services
from projects.clustering import FROM_CELLS, GROUPED, Grid, grid_cells, map_layer
from projects.map_grid import AGGREGATE_MAX_ZOOM
from projects.models import Project
from projects.selectors import BBox, ProjectFilters
from tests.factories import PublishedProjectFactory, ThemeFactory

pytestmark = pytest.mark.django_db

DENMARK = BBox(8.0, 54.5, 15.3, 57.8)
AARHUS = BBox(10.05, 56.08, 10.35, 56.22)


def views():
    # The whole country at the coarse zooms, a city at the fine ones (the grid of a country
    # view at zoom 13 is coarsened).
    for zoom in range(AGGREGATE_MAX_ZOOM + 1):
        yield (DENMARK if zoom < 10 else AARHUS), zoom


def filter_kinds(theme_slug: str, municipality_slug: str):
    return [
        ProjectFilters(),
        ProjectFilters(theme=theme_slug),
        ProjectFilters(status="pilot"),
        ProjectFilters(municipality=municipality_slug),
        ProjectFilters(min_adoptions=1),
        ProjectFilters(min_adoptions=2),
        ProjectFilters(status="pilot", min_adoptions=1),
        ProjectFilters(status="idea", min_adoptions=2),
    ]


def comparable(cells):
    return sorted(
        (
            cell.count,
            round(cell.lat, 9),
            round(cell.lng, 9),
            cell.bbox,
            cell.first_id if cell.count == 1 else None,
        )
        for cell in cells
    )


def assert_table_is_exact(theme_slug="parkering", municipality_slug="aarhus"):
    for box, zoom in views():
        for filters in filter_kinds(theme_slug, municipality_slug):
            filters = ProjectFilters(**{**filters.__dict__, "bbox": box})
            grid = Grid.for_view(box, zoom)
            from_table, source = grid_cells(filters, grid)
            grouped, _ = grid_cells(filters, grid, use_table=False)
            assert source == (FROM_CELLS if connection.vendor == "postgresql" else GROUPED)
            assert comparable(from_table) == comparable(grouped), (zoom, filters)
            newest = max((cell.last_updated for cell in grouped), default=None)
            if newest is not None:
                assert max(cell.last_updated for cell in from_table) >= newest


@pytest.fixture
def projects(aarhus):
    """120 published projects around Aarhus with mixed themes, statuses and adoptions."""
    rng = random.Random(3)
    themes = [ThemeFactory(slug="parkering", name="Parkering"), ThemeFactory(slug="lys")]
    odder = Municipality.objects.get(code="727")
    created = Project.objects.bulk_create(
        PublishedProjectFactory.build(
            theme=rng.choice(themes),
            status=rng.choice(["idea", "pilot", "operation"]),
            municipality=rng.choice([aarhus, odder, None]),
            adoption_count=rng.choice([0, 0, 1, 2, 3]),
            lat=rng.uniform(AARHUS.min_lat, AARHUS.max_lat),
            lng=rng.uniform(AARHUS.min_lng, AARHUS.max_lng),
        )
        for _ in range(120)
    )
    return created


def test_the_table_is_exact_after_projects_are_inserted_in_bulk(projects):
    assert_table_is_exact()


def test_the_table_is_exact_after_a_publish_and_a_hide(projects, moderator):
    waiting = PublishedProjectFactory(
        state=Project.State.NEEDS_REVIEW, theme=projects[0].theme, lat=56.15, lng=10.2
    )
    review.project_publish(project=waiting, by=moderator)
    assert_table_is_exact()

    for project in projects[:10]:
        review.project_hide(project=Project.objects.get(pk=project.pk), by=moderator)
    assert_table_is_exact()


def test_the_table_is_exact_after_a_move_and_a_delete(projects, moderator):
    # The extreme projects: moving or deleting them shrinks the extent of their cells.
    north = max(projects, key=lambda p: p.lat)
    west = min(projects, key=lambda p: p.lng)
    review.project_relocate(project=north, by=moderator, lat=55.676, lng=12.568)
    assert_table_is_exact()

    Project.objects.get(pk=west.pk).delete()
    assert_table_is_exact()


def test_the_table_is_exact_after_a_theme_change_and_a_bulk_status_update(projects):
    project = Project.objects.get(pk=projects[5].pk)
    project.theme = ThemeFactory(slug="affald")
    project.save(update_fields=["theme", "updated_at"])
    assert_table_is_exact(theme_slug="affald")

    Project.objects.filter(pk__in=[p.pk for p in projects[:40]]).update(status="pilot")
    assert_table_is_exact()


def test_the_table_is_exact_after_adoptions_come_and_go(projects, staff_user):
    project = Project.objects.filter(adoption_count=1).first()
    services.adoption_create(project=project, by=staff_user)
    assert_table_is_exact()

    services.adoption_delete(project=project, by=staff_user)
    assert_table_is_exact()


def test_the_last_project_of_a_cell_leaving_empties_it(aarhus):
    lone = PublishedProjectFactory(lat=56.15, lng=10.2, municipality=aarhus)

    layer = map_layer(ProjectFilters(bbox=AARHUS), zoom=12)
    assert layer.single_ids == [lone.pk]

    lone.delete()
    layer = map_layer(ProjectFilters(bbox=AARHUS), zoom=12)
    assert layer.total == 0
    assert_table_is_exact()


@pytest.mark.postgres
def test_the_rebuild_gives_the_rows_the_triggers_kept(projects, moderator):
    from projects import map_cells
    from projects.models import MapCell

    review.project_hide(project=projects[0], by=moderator)
    Project.objects.filter(pk=projects[1].pk).update(lat=56.2, lng=10.3)

    def rows():
        return sorted(
            (c.zoom, c.kind, c.value, c.cell_y, c.cell_x, c.count, c.min_lat, c.max_lng)
            for c in MapCell.objects.all()
        )

    kept = rows()
    map_cells.rebuild(connection)
    assert rows() == kept
