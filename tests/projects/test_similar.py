"""Similar projects: /api/v1/projects/similar/ and the screening's near-duplicate rule share one
function (projects.similar), so the form and the screening never disagree."""

import pytest
from django.urls import reverse

from moderation.selectors import decisions_for
from projects import processing, services
from projects.models import Project
from tests.factories import PublishedProjectFactory, ThemeFactory

pytestmark = pytest.mark.django_db

SIMILAR = reverse("api:projects-similar")
GLADSAXE = {"lat": 55.7335, "lng": 12.4870}


@pytest.fixture
def lighting():
    return ThemeFactory(slug="gadebelysning", name="Gadebelysning", name_en="Street lighting")


@pytest.fixture
def published(lighting):
    parking = ThemeFactory(slug="parkering-x", name="Parkering", name_en="Parking")
    return {
        "twin": PublishedProjectFactory(
            title="Intelligent LED-gadebelysning i Gladsaxe",
            summary="Gadelyset dæmpes, når ingen færdes, og skrues op ved bevægelse.",
            theme=lighting,
            **GLADSAXE,
        ),
        "near_other_theme": PublishedProjectFactory(
            title="Sensorer tæller biler i Gladsaxe",
            summary="Gadelyset bruges ikke; det handler om parkering.",
            theme=parking,
            lat=55.74,
            lng=12.49,
        ),
        "far": PublishedProjectFactory(
            title="Intelligent gadebelysning i Aalborg",
            summary="Gadelyset dæmpes om natten.",
            theme=lighting,
            lat=57.05,
            lng=9.92,
        ),
        "unpublished": PublishedProjectFactory(
            title="Intelligent gadebelysning, kladde",
            state="needs_review",
            theme=lighting,
            **GLADSAXE,
        ),
        "unrelated": PublishedProjectFactory(
            title="Affaldsbeholdere med fyldningssensorer",
            summary="Tømmes efter behov.",
            **GLADSAXE,
        ),
    }


def _titles(response) -> list[str]:
    return [project["title"] for project in response.json()["results"]]


def test_it_finds_projects_with_the_same_words_while_the_title_is_typed(client, published):
    response = client.get(SIMILAR, {"title": "Intelligent gadebelys"})  # still typing
    assert response.status_code == 200
    titles = _titles(response)
    assert titles[:2] == [
        "Intelligent LED-gadebelysning i Gladsaxe",
        "Intelligent gadebelysning i Aalborg",
    ] or titles[:2] == [
        "Intelligent gadebelysning i Aalborg",
        "Intelligent LED-gadebelysning i Gladsaxe",
    ]
    assert "Intelligent gadebelysning, kladde" not in titles  # only published projects
    assert "Affaldsbeholdere med fyldningssensorer" not in titles
    first = response.json()["results"][0]
    assert first["url"].startswith("/projects/") and first["theme"]["slug"] == "gadebelysning"


def test_once_the_pin_is_placed_only_nearby_projects_count_and_the_same_theme_first(
    client, published
):
    params = {
        "title": "Gadelyset i Gladsaxe",
        "summary": "Gadelyset dæmpes",
        "theme": "gadebelysning",
    }
    titles = _titles(client.get(SIMILAR, {**params, **GLADSAXE}))
    assert "Intelligent gadebelysning i Aalborg" not in titles  # 150 km away
    assert titles[0] == "Intelligent LED-gadebelysning i Gladsaxe"
    assert "Sensorer tæller biler i Gladsaxe" in titles


def test_it_shows_at_most_five(client, lighting):
    for n in range(8):
        PublishedProjectFactory(title=f"Gadebelysning nummer {n}", theme=lighting)
    assert len(_titles(client.get(SIMILAR, {"title": "gadebelysning"}))) == 5


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"title": "gadelys", "lat": "56"}, "lat"),
        ({"title": "gadelys", "lat": "91", "lng": "10"}, "lat"),
        ({"title": "gadelys", "lat": "nord", "lng": "10"}, "lat"),
        ({"title": "x" * 161}, "title"),
        ({"title": "gadelys", "theme": "ukendt"}, "theme"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_field_in_danish(client, params, field):
    response = client.get(SIMILAR, params, HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("params", [{}, {"title": "%$#@ ((( )))"}, {"summary": "x" * 300}])
def test_text_without_a_word_or_with_symbols_only_is_similar_to_nothing(client, published, params):
    response = client.get(SIMILAR, params)
    assert response.status_code == 200
    assert response.json() == {"results": []} or params == {"summary": "x" * 300}


def test_the_message_is_in_the_readers_language(client):
    client.cookies["django_language"] = "en"
    response = client.get(SIMILAR, {"title": "gadelys", "lat": "56"})
    assert response.json()["lat"] == ["Give lat and lng together, or neither."]
    client.cookies["django_language"] = "da"
    response = client.get(SIMILAR, {"title": "gadelys", "lat": "56"})
    assert response.json()["lat"] == ["Angiv lat og lng sammen, eller ingen af dem."]


def test_it_is_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/projects/similar/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"title", "summary", "lat", "lng"}


def test_the_screenings_duplicate_rule_compares_with_exactly_what_the_api_shows(
    client, published, alice, django_capture_on_commit_callbacks
):
    data = {
        "title": "Intelligent LED-gadebelysning i Gladsaxe",
        "summary": "Gadelyset dæmpes, når ingen færdes, og skrues op ved bevægelse!",
        "description": "Samme projekt igen.",
        "theme": "gadebelysning",
        "status": "operation",
        "submitter_kind": "citizen",
        **GLADSAXE,
    }
    shown = client.get(
        SIMILAR,
        {k: data[k] for k in ("title", "summary", "theme", "lat", "lng")},
    ).json()["results"]

    with django_capture_on_commit_callbacks(execute=True):
        project = services.project_submit(author=alice, data=data)
    project.refresh_from_db()
    location = processing.project_locate(lat=project.lat, lng=project.lng, address="")
    texts = {"title": project.title, "summary": project.summary}
    candidates = processing.duplicate_candidates(project, texts, location)

    assert [p.slug for p in candidates] == [p["slug"] for p in shown]
    reasons = decisions_for(project).get().reasons
    duplicate = next(r for r in reasons if r["code"] == "duplicate")
    assert shown[0]["title"] in duplicate["message_en"]
    assert project.state == Project.State.NEEDS_REVIEW
