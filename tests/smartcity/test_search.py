"""smartcity.search: the one full-text search of projects, forum posts and datasets."""

import pytest
from django.db import connection

from projects.models import Project
from projects.selectors import SEARCH, published_projects
from smartcity import search
from tests.factories import ProjectFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def _found(text: str, **options) -> list[str]:
    return list(
        search.search(published_projects(), text, SEARCH, **options).values_list("title", flat=True)
    )


def test_words_are_read_without_symbols_repeats_or_more_than_eight():
    assert search.query_words("Gadelys & (LED) | 'drop table'; gadelys!") == [
        "gadelys",
        "led",
        "drop",
        "table",
    ]
    assert search.query_words("%$#@!*&^ ((( )))") == []
    assert len(search.query_words("ord" + " ord".join(str(n) for n in range(50)))) == 8


def test_the_tsquery_quotes_every_word_and_makes_the_last_a_prefix():
    assert search.tsquery_text(["lys", "aar"]) == "'lys' & 'aar':*"
    assert search.tsquery_text(["lys", "bus"], any_word=True, prefix=False) == "'lys' | 'bus'"
    # A word may match as its Danish stem too ('gadelysene' and 'gadelys' are two lexemes).
    assert search.tsquery_text(["gadelysene"], prefix=False) == "('gadelysene' | 'gadelys')"


def test_a_form_that_finds_nothing_more_is_left_out():
    # "cykeltællere" and its stem "cykeltæll" are one lexeme, 'cykeltæl': asking for both
    # would find nothing more, and the planner would count the word's posts twice.
    assert search.tsquery_text(["cykeltællere", "havnen"], prefix=False) == (
        "'cykeltællere' & 'havnen'"
    )
    # As a prefix the shorter lexeme finds all the longer one does: 'gadely':* finds 'gadelys'.
    assert search.tsquery_text(["gadelysene"]) == "'gadelys':*"


@pytest.mark.postgres
@pytest.mark.parametrize(
    "word",
    ["cykeltællere", "gadelysene", "gadelys", "havnen", "parkeringssensorer", "busser", "aarhu"],
)
def test_the_lexeme_of_a_word_is_the_one_postgresql_makes(word):
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(to_tsvector('danish', %s))", [word])
        assert cursor.fetchone()[0] == [search.lexeme(word)]


def test_a_title_match_ranks_above_a_summary_match_above_a_description_match():
    ProjectFactory(title="Sensorer i byen", summary="Noget andet.", description="Om gadelys.")
    ProjectFactory(title="Gadelys i Aarhus", summary="Noget andet.", description="")
    ProjectFactory(title="Sensorer på havnen", summary="Også gadelys.", description="")
    assert _found("gadelys") == ["Gadelys i Aarhus", "Sensorer på havnen", "Sensorer i byen"]


def test_the_last_word_is_matched_as_a_prefix_while_it_is_typed():
    ProjectFactory(title="Gadelys der dæmpes", summary="LED-lamper.")
    ProjectFactory(title="Parkering i midtbyen", summary="Sensorer.")
    assert _found("gadel") == ["Gadelys der dæmpes"]
    if connection.vendor == "postgresql":  # the SQLite fallback matches any part of a word
        assert _found("gadel", prefix=False) == []


def test_every_word_must_match_unless_any_word_is_asked_for():
    ProjectFactory(title="Gadelys der dæmpes", summary="LED-lamper.")
    ProjectFactory(title="Parkering i midtbyen", summary="Sensorer.")
    assert _found("gadelys parkering") == []
    assert sorted(_found("gadelys parkering", any_word=True)) == [
        "Gadelys der dæmpes",
        "Parkering i midtbyen",
    ]


def test_an_inflected_word_finds_the_base_form():
    ProjectFactory(title="Intelligent gadelys", summary="Dæmpes om natten.")
    assert _found("gadelysene") == ["Intelligent gadelys"]


@pytest.mark.parametrize("text", ["%$#@!*&^", "((( )))", "x" * 2000, "ord " * 500, "'\\:*&|!<->"])
def test_odd_text_never_raises_and_symbols_alone_match_nothing(text):
    ProjectFactory(title="Intelligent gadelys", summary="Dæmpes om natten.")
    assert isinstance(_found(text), list)
    if not search.query_words(text):
        assert _found(text) == []


@pytest.mark.postgres
def test_the_project_vector_is_kept_by_the_database_whatever_saves_the_project():
    assert connection.vendor == "postgresql"
    theme = ThemeFactory(name="Klimatilpasning", name_en="Climate adaptation")
    project = ProjectFactory(title="Regnvandsbassin", summary="Skybrud.", theme=theme)
    assert _found("klimatilpasning") == ["Regnvandsbassin"]  # the theme's name, weight D
    # An update that names only some fields (as the services and the pipeline do).
    Project.objects.filter(pk=project.pk).update(title="Grønne tage")
    assert _found("regnvandsbassin") == []
    assert _found("grønne tage") == ["Grønne tage"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'project_search_gin'")
        assert "gin (search_vector)" in cursor.fetchone()[0]
        cursor.execute(
            "SELECT search_vector::text FROM projects_project WHERE id = %s", [project.pk]
        )
        vector = cursor.fetchone()[0]
    assert "'grøn':1A" in vector and "'klimatilpasning'" in vector
