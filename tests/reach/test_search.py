import pytest
from django.urls import reverse

from smartcity.search import danish_stem
from tests.factories import EventFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(staff_user, public_category, staff_category, make_thread, published_guide):
    """Street lighting ("gadelys") in every kind of content, and some that must stay hidden."""
    return {
        "project": ProjectFactory(
            title="Intelligent gadelys i Aarhus", summary="LED-lamper der dæmper om natten."
        ),
        "body_project": ProjectFactory(
            title="Sensorer i byen", summary="Også gadelyset får sensorer."
        ),
        "unpublished": ProjectFactory(
            title="Hemmeligt gadelys", state="needs_review", published_at=None
        ),
        "event": EventFactory(title="Datadag om gadelys"),
        "thread": make_thread(
            staff_user, public_category, title="Erfaringer med gadelys", body="Hvem har LED?"
        ),
        "staff_thread": make_thread(
            staff_user, staff_category, title="Udbud på gadelys", body="Fortroligt tilbud."
        ),
        "guide": published_guide,  # "Kom i gang med gadelys"
    }


def _titles(response) -> list[str]:
    return [result.title for result in response.context["results"].page.object_list]


def test_it_finds_every_kind_of_content(client, content):
    response = client.get(reverse("search"), {"q": "gadelys"})
    assert response.status_code == 200
    kinds = {r.kind for r in response.context["results"].page.object_list}
    assert kinds == {"project", "guide", "thread", "event"}
    titles = _titles(response)
    for title in (
        "Intelligent gadelys i Aarhus",
        "Kom i gang med gadelys",
        "Erfaringer med gadelys",
        "Datadag om gadelys",
    ):
        assert title in titles


def test_a_citizen_never_sees_a_staff_only_thread_or_an_unpublished_project(client, content, alice):
    client.force_login(alice)
    response = client.get(reverse("search"), {"q": "gadelys"})
    titles = _titles(response)
    assert "Udbud på gadelys" not in titles
    assert "Hemmeligt gadelys" not in titles
    assert "Udbud på gadelys" not in response.content.decode()


def test_municipal_staff_find_the_staff_only_thread(client, content, colleague):
    client.force_login(colleague)
    assert "Udbud på gadelys" in _titles(client.get(reverse("search"), {"q": "gadelys"}))


def test_a_title_match_ranks_above_a_body_match(client, content):
    titles = _titles(client.get(reverse("search"), {"q": "gadelys", "type": "project"}))
    assert titles.index("Intelligent gadelys i Aarhus") < titles.index("Sensorer i byen")


def test_danish_inflections_share_a_stem():
    assert danish_stem("lygterne") == danish_stem("lygter") == danish_stem("lygten") == "lygt"
    assert danish_stem("gadelysene").startswith(danish_stem("gadelys"))


def test_an_inflected_query_finds_the_base_form(client, content):
    # "gadelysene" (the street lights) finds projects about "gadelys".
    titles = _titles(client.get(reverse("search"), {"q": "gadelysene", "type": "project"}))
    assert "Intelligent gadelys i Aarhus" in titles


def test_the_type_filter_keeps_the_counts_of_every_type(client, content):
    response = client.get(reverse("search"), {"q": "gadelys", "type": "event"})
    results = response.context["results"]
    assert {r.kind for r in results.page.object_list} == {"event"}
    assert results.counts["project"] == 2 and results.counts["event"] == 1
    assert "(2)" in response.content.decode()


def test_the_query_words_are_highlighted_and_escaped(client, content):
    ProjectFactory(title="<script>alert(1)</script> gadelys")
    page = client.get(reverse("search"), {"q": "gadelys"}).content.decode()
    assert "<mark>gadelys</mark>" in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


@pytest.mark.parametrize("query", ["%$#@!*&^", "((( )))", "x" * 2000, "ord " * 500])
def test_an_odd_query_gets_a_clear_answer_and_no_results(client, content, query):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 400
    assert "results" not in response.context
    assert 'role="alert"' in response.content.decode()


def test_an_odd_query_is_answered_in_english_too(client, content):
    client.cookies["django_language"] = "en"
    response = client.get(reverse("search"), {"q": "x" * 2000})
    assert "The search is too long" in response.content.decode()


def test_results_are_paginated(client, content):
    for n in range(25):
        ProjectFactory(title=f"Gadelys nummer {n}")
    first = client.get(reverse("search"), {"q": "gadelys", "type": "project"})
    assert len(first.context["results"].page.object_list) == 20
    second = client.get(reverse("search"), {"q": "gadelys", "type": "project", "page": 2})
    assert len(second.context["results"].page.object_list) == 7


def test_a_type_with_more_matches_than_it_offers_says_so(client, content, settings):
    from smartcity import site_search

    for n in range(site_search.CANDIDATES_PER_KIND):
        ProjectFactory(title=f"Gadelys {n}")
    page = client.get(reverse("search"), {"q": "gadelys"}).content.decode()
    assert f"({site_search.CANDIDATES_PER_KIND}+)" in page


def test_the_header_search_box_goes_to_the_search_page(client):
    page = client.get("/").content.decode()
    assert f'action="{reverse("search")}"' in page


@pytest.mark.parametrize("extra", [0, 30])
def test_the_search_page_has_a_query_budget_that_does_not_grow_with_the_results(
    client, content, django_assert_max_num_queries, extra
):
    for n in range(extra):
        ProjectFactory(title=f"Gadelys {n}")
        EventFactory(title=f"Gadelys-dag {n}")
    # queries: projects, guides, events, datasets (one each); the forum's own search: count
    # and page on SQLite, candidates, ranking and rows on PostgreSQL
    with django_assert_max_num_queries(7):
        assert client.get(reverse("search"), {"q": "gadelys"}).status_code == 200
