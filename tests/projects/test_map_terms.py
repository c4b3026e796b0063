"""The map's text filter alone is read from the word table (projects.MapTerm) on PostgreSQL.

Each check compares the cells read from the word table with the same cells grouped from the
projects through the list's own search (`use_table=False`: smartcity.search.matches), cell by
cell; on SQLite both are grouped on the fly (no table). The triggers keep the table exact
through every write, and the answer is one index-only read per word, bounded like any other."""

import random

import pytest
from django.db import connection

from projects import map_terms, review
from projects.clustering import (
    FROM_TERMS,
    GROUPED,
    MAX_CELLS,
    MAX_FEATURES,
    Grid,
    grid_cells,
    layer_projects,
    map_layer,
    term_query,
)
from projects.models import MapTerm, Project
from projects.selectors import BBox, ProjectFilters, filter_projects, published_projects
from smartcity import search
from tests.factories import PublishedProjectFactory, ThemeFactory

pytestmark = pytest.mark.django_db

DENMARK = BBox(8.0, 54.5, 15.3, 57.8)
AARHUS = BBox(10.05, 56.08, 10.35, 56.22)
VIEWS = [(DENMARK, 7), (DENMARK, 10), (AARHUS, 13), (AARHUS, 16)]

SUMMARIES = [
    "Intelligent gadelys der dæmpes om natten.",
    "Gadelysene tændes af sensorer.",
    "Sensorer i parkeringshuse.",
    "Gadebelysning med LED.",
    "Affaldsspande der melder fra.",
    "Sensorer måler luften og trafikken.",
]

# (word, what it checks); every one finds some projects but not all.
WORDS = [
    ("sensorer", "a word whose two forms are one lexeme: read once"),
    ("gadel", "a word being typed"),
    ("gadelysene", "an inflected word finds its base form (two forms, two lexemes)"),
    ("parkering", "a prefix of two lexemes that projects hold both of (theme, text)"),
    ("aarhus", "a municipality's name"),
    ("  Sensorer!! ", "symbols and capitals"),
]


@pytest.fixture
def projects(aarhus):
    """600 published projects over Denmark (a third around Aarhus), mixed texts and themes."""
    rng = random.Random(22)
    themes = [ThemeFactory(slug="parkering", name="Parkering"), ThemeFactory(slug="lys")]
    return Project.objects.bulk_create(
        PublishedProjectFactory.build(
            theme=rng.choice(themes),
            summary=rng.choice(SUMMARIES),
            municipality=rng.choice([aarhus, None]),
            lat=rng.uniform(box.min_lat, box.max_lat),
            lng=rng.uniform(box.min_lng, box.max_lng),
        )
        for box in [DENMARK, DENMARK, AARHUS]
        for _ in range(200)
    )


def exact(cells):
    return sorted(
        (
            cell.cell_y,
            cell.cell_x,
            cell.count,
            round(cell.lat, 9),
            round(cell.lng, 9),
            cell.bbox,
            cell.first_id,
            cell.last_updated,
        )
        for cell in cells
    )


def assert_terms_are_exact(texts=None):
    """Every word at every view: the word table's cells are those of the list's search."""
    for text in texts or [text for text, _what in WORDS]:
        for box, zoom in VIEWS:
            filters = ProjectFilters(q=text, bbox=box)
            grid = Grid.for_view(box, zoom)
            from_terms, source = grid_cells(filters, grid)
            grouped, _ = grid_cells(filters, grid, use_table=False)
            assert source == (FROM_TERMS if connection.vendor == "postgresql" else GROUPED)
            assert exact(from_terms) == exact(grouped), (text, zoom)


def found(text: str) -> int:
    return filter_projects(published_projects(), ProjectFilters(q=text)).count()


def test_every_kind_of_word_counts_exactly_what_the_list_finds(projects):
    for text, what in WORDS:
        assert 0 < found(text) < len(projects), what
    assert_terms_are_exact()


@pytest.mark.postgres
def test_the_words_are_matched_as_the_list_matches_them(projects):
    # Not vacuous: the kinds of word differ where the search's rules say they must.
    inflected = sum("Gadelysene" in project.summary for project in projects)
    assert found("gadelysene") > inflected > 0  # it finds "gadelys" too
    assert found("gadel") == found("gadelysene")
    assert found("parkering") > found("parkeringshuse") > 0


@pytest.mark.postgres
def test_a_stop_word_shows_nothing_as_the_list_finds_nothing(projects):
    for text in ["og", "der", "i"]:
        assert found(text) == 0
        assert_terms_are_exact([text])


def test_several_words_another_filter_or_an_odd_word_are_grouped_on_the_fly(projects):
    # Several words stay with the stored vector's GIN index, which intersects them: read from
    # the word table, a common word among them would cost all of its rows.
    grid = Grid.for_view(DENMARK, 7)
    for filters in [
        ProjectFilters(q="sensorer gadelys", bbox=DENMARK),
        ProjectFilters(q="og sensorer", bbox=DENMARK),
        ProjectFilters(q="sensorer", theme="lys", bbox=DENMARK),
        ProjectFilters(q="sensorer", status="pilot", bbox=DENMARK),
        ProjectFilters(q="parkerings_hus", bbox=DENMARK),  # two tokens for the parser
    ]:
        cells, source = grid_cells(filters, grid)
        assert source == GROUPED
        assert (
            sum(cell.count for cell in cells)
            == filter_projects(published_projects(), filters).count()
        )


def test_the_table_is_exact_after_a_publish_and_a_hide(projects, moderator):
    waiting = PublishedProjectFactory(
        state=Project.State.NEEDS_REVIEW,
        summary="Sensorer tæller cykler.",
        theme=projects[0].theme,
        lat=56.15,
        lng=10.2,
    )
    texts = ["sensorer", "cykler", "cyk"]
    assert_terms_are_exact(texts)
    review.project_publish(project=waiting, by=moderator)
    assert found("cykler") == 1
    assert_terms_are_exact(texts)

    for project in projects[:10] + [waiting]:
        review.project_hide(project=Project.objects.get(pk=project.pk), by=moderator)
    assert found("cykler") == 0
    assert_terms_are_exact(texts)


def test_the_table_is_exact_after_the_text_is_edited(projects):
    project = Project.objects.filter(summary__startswith="Sensorer i").first()
    before = found("parkeringshuse")
    project.summary = "Ladestandere til elbiler."
    project.save(update_fields=["summary", "updated_at"])
    assert found("parkeringshuse") == before - 1
    assert found("ladestandere") == 1
    assert_terms_are_exact(["parkeringshuse", "ladestandere", "sensorer", "elbil", "lade"])

    # A bulk change (QuerySet.update) of many projects' titles, through the same triggers.
    Project.objects.filter(pk__in=[p.pk for p in projects[:50]]).update(title="Cykelsensorer")
    assert found("cykelsensorer") == 50
    assert_terms_are_exact(["cykelsensorer", "sensorer", "cykel"])


def test_the_table_is_exact_after_a_move_and_a_delete(projects, moderator):
    north = max(projects, key=lambda p: p.lat)
    west = min(projects, key=lambda p: p.lng)
    review.project_relocate(project=north, by=moderator, lat=56.15, lng=10.2)
    assert_terms_are_exact()

    Project.objects.filter(pk=west.pk).delete()
    Project.objects.filter(pk__in=[p.pk for p in projects[100:120]]).delete()
    assert_terms_are_exact()


@pytest.mark.postgres
def test_the_triggers_keep_the_rows_a_rebuild_gives(projects, moderator):
    review.project_hide(project=projects[0], by=moderator)
    Project.objects.filter(pk=projects[1].pk).update(lat=56.2, lng=10.3)
    project = Project.objects.get(pk=projects[2].pk)
    project.summary = "Helt nye ord om vandstand."
    project.save(update_fields=["summary", "updated_at"])
    Project.objects.filter(pk=projects[3].pk).delete()

    def rows():
        return sorted(
            MapTerm.objects.values_list(
                "lexeme", "project_id", "map_y", "map_x", "lat", "lng", "updated_at"
            )
        )

    kept = rows()
    assert ("vandstand", projects[2].pk) in {(lexeme, pk) for lexeme, pk, *_rest in kept}
    assert not MapTerm.objects.filter(project_id__in=[projects[0].pk, projects[3].pk]).exists()
    map_terms.rebuild(connection)
    assert rows() == kept


@pytest.mark.postgres
def test_each_form_of_the_word_is_one_index_only_range_read(projects):
    # The planner would scan a table this small; forbid that to see the plan it has at scale.
    sql, params = term_query("gadelysene", Grid.for_view(DENMARK, 7))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # As a prefix "gadelysene" is one form, "gadelys" (PostgreSQL's lexeme 'gadely', whose
    # range holds 'gadelys' too), a constant: a range of the key, probed at both ends, then
    # read in the view; or the single lexeme.
    assert search.word_forms("gadelysene", prefix=True) == ["gadelys"]
    assert plan.count("Index Only Scan using projects_mapterm_pkey") == 3, plan
    assert plan.count("Index Only Scan Backward using projects_mapterm_pkey") == 1, plan
    assert plan.count("(lexeme >= 'gadely'::text) AND (lexeme < 'gadelz'::text)") == 3, plan
    assert "(lexeme = $" in plan, plan
    assert "Seq Scan" not in plan and "Heap" not in plan, plan


def test_the_answer_stays_bounded_whatever_the_matches(aarhus):
    # 2,000 matches at one place, and 400 spread over the country: a few hundred features.
    rng = random.Random(5)
    theme = ThemeFactory()
    Project.objects.bulk_create(
        PublishedProjectFactory.build(
            theme=theme,
            summary="Sensorer i lygtepæle.",
            lat=56.15 if n < 2000 else rng.uniform(DENMARK.min_lat, DENMARK.max_lat),
            lng=10.2 if n < 2000 else rng.uniform(DENMARK.min_lng, DENMARK.max_lng),
        )
        for n in range(2400)
    )
    for box, zoom in [(DENMARK, 7), (DENMARK, 12), (AARHUS, 17)]:
        filters = ProjectFilters(q="lygtepæle", bbox=box)
        layer = map_layer(filters, zoom=zoom)
        assert layer.source == (FROM_TERMS if connection.vendor == "postgresql" else GROUPED)
        features = len(layer.clusters) + len(layer_projects(filters, layer))
        assert layer.grid.cells_spanned() <= MAX_CELLS
        assert features <= MAX_FEATURES
        assert layer.total >= 2000
    assert map_layer(ProjectFilters(q="lygtepæle", bbox=DENMARK), zoom=7).total == 2400
