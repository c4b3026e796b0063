import random

import pytest

from projects.clustering import (
    EXPAND_ZOOM,
    MAX_CELLS,
    MAX_FEATURES,
    Grid,
    layer_projects,
    map_layer,
)
from projects.map_grid import CELL_PIXELS
from projects.models import Project
from projects.selectors import BBox, ProjectFilters
from tests.factories import PublishedProjectFactory, ThemeFactory

pytestmark = pytest.mark.django_db

DENMARK = BBox(8.0, 54.5, 15.3, 57.8)
COPENHAGEN = BBox(12.50, 55.64, 12.64, 55.72)


def scatter(count: int, box: BBox, *, seed: int = 7, **fields) -> list[Project]:
    """`count` published projects at random points of `box`, inserted in one go."""
    rng = random.Random(seed)
    theme = fields.pop("theme", None) or ThemeFactory()
    projects = [
        PublishedProjectFactory.build(
            theme=theme,
            lat=rng.uniform(box.min_lat, box.max_lat),
            lng=rng.uniform(box.min_lng, box.max_lng),
            **fields,
        )
        for _ in range(count)
    ]
    return Project.objects.bulk_create(projects)


def layer_for(box: BBox, zoom: int):
    filters = ProjectFilters(bbox=box)
    return map_layer(filters, zoom=zoom), filters


def test_a_grid_cell_is_the_same_number_of_pixels_at_every_zoom():
    for zoom in (5, 7, 9, 13):
        grid = Grid.for_view(BBox(10.0, 56.0, 10.01, 56.01), zoom)
        assert grid.zoom == zoom
        pixels_per_degree = 256 * 2**zoom / 360
        assert grid.cell_lng * pixels_per_degree == pytest.approx(CELL_PIXELS)
        # Square on screen: at 56°N a degree of latitude is about 1.8 degrees of longitude.
        assert grid.cell_lat / grid.cell_lng == pytest.approx(0.559, abs=0.01)


def test_a_map_window_at_its_own_zoom_keeps_that_zoom_grid():
    # A 1280 x 900 px window on Denmark at zoom 7 (the bench's country view).
    grid = Grid.for_view(BBox(7.8, 54.4, 15.4, 57.9), 7)
    assert grid.zoom == 7
    assert grid.cells_spanned() <= MAX_CELLS


def test_a_huge_view_at_a_high_zoom_is_coarsened_to_a_bounded_grid():
    world = BBox(-180, -85, 180, 85)
    grid = Grid.for_view(world, 18)
    assert grid.zoom < 18
    assert grid.cells_spanned() <= MAX_CELLS


def test_the_counts_add_up_to_the_projects_in_the_view_and_the_answer_stays_small():
    scatter(3000, DENMARK)
    scatter(5, BBox(-10, 40, -9, 41))  # in Portugal, outside the view

    layer, projects = layer_for(DENMARK, 7)
    singles = layer_projects(projects, layer)

    assert layer.total == 3000
    assert sum(cell.count for cell in layer.clusters) + len(singles) == 3000
    assert len(layer.clusters) + len(singles) <= MAX_FEATURES


def test_a_huge_view_at_high_zoom_still_gives_a_few_hundred_features():
    scatter(4000, DENMARK)

    layer, projects = layer_for(BBox(-180, -85, 180, 85), 18)
    singles = layer_projects(projects, layer)

    assert len(layer.clusters) + len(singles) <= MAX_FEATURES
    assert sum(cell.count for cell in layer.clusters) + len(singles) == 4000


def test_every_cluster_holds_exactly_the_projects_in_its_bbox_and_its_centre_lies_inside():
    created = scatter(800, DENMARK)

    layer, _projects = layer_for(DENMARK, 8)

    for cell in layer.clusters:
        west, south, east, north = cell.bbox
        inside = [p for p in created if west <= p.lng <= east and south <= p.lat <= north]
        assert len(inside) == cell.count
        assert west <= cell.lng <= east and south <= cell.lat <= north


def test_a_lone_project_is_a_point_with_its_own_coordinates():
    lone = PublishedProjectFactory(lat=55.4, lng=10.4)
    scatter(50, COPENHAGEN)

    layer, projects = layer_for(DENMARK, 7)
    singles = layer_projects(projects, layer)

    assert [(p.pk, p.lat, p.lng) for p in singles] == [(lone.pk, 55.4, 10.4)]


def test_zoomed_far_in_small_clusters_open_into_their_projects():
    theme = ThemeFactory()
    # Five projects geocoded to the same address: no zoom can separate them.
    for _ in range(5):
        PublishedProjectFactory(theme=theme, lat=55.6761, lng=12.5683)
    box = BBox(12.56, 55.67, 12.58, 55.68)

    below, _ = layer_for(box, EXPAND_ZOOM - 1)
    layer, projects = layer_for(box, EXPAND_ZOOM)

    assert [cell.count for cell in below.clusters] == [5]
    assert layer.clusters == []
    assert len(layer_projects(projects, layer)) == 5


def test_only_published_projects_in_the_view_are_counted():
    scatter(10, COPENHAGEN)
    scatter(4, COPENHAGEN, state=Project.State.NEEDS_REVIEW, seed=8)

    layer, _ = layer_for(COPENHAGEN, 12)

    assert layer.total == 10


def test_opened_cells_show_their_matching_projects_and_a_cluster_too_big_keeps_its_own():
    parking, lighting = ThemeFactory(slug="parkering"), ThemeFactory(slug="lys")
    # Too many at one address to open within MAX_FEATURES; three elsewhere that open.
    scatter(MAX_FEATURES + 20, BBox(12.5683, 55.6761, 12.5683, 55.6761), theme=parking)
    small = [PublishedProjectFactory(theme=parking, lat=55.6745, lng=12.5755) for _ in range(3)]
    PublishedProjectFactory(theme=lighting, lat=55.6745, lng=12.5755)  # filtered out
    filters = ProjectFilters(bbox=BBox(12.56, 55.67, 12.58, 55.68), theme="parkering")

    layer = map_layer(filters, zoom=EXPAND_ZOOM)
    shown = layer_projects(filters, layer)

    assert [cell.count for cell in layer.clusters] == [MAX_FEATURES + 20]
    assert sorted(p.pk for p in shown) == sorted(p.pk for p in small)
    assert layer.total == sum(c.count for c in layer.clusters) + len(shown)
