"""Small rules that exist once: the Danish slug, the CSV-injection guard."""

import pytest

from places.geocoding.text import normalise
from smartcity.slugs import danish_slugify
from smartcity.spreadsheets import csv_cell


def test_a_forum_thread_slug_spells_out_the_danish_letters(public_thread):
    from forum import services
    from forum.models import Category

    thread = services.thread_create(
        author=public_thread.author,
        category=Category.objects.get(slug="smart-parkering"),
        title="Trafiktælling i rundkørsler på Århusvej",
        body="Hvordan tæller I trafikken i rundkørslerne?",
        enforce_rate_limit=False,
    )
    assert thread.slug == "trafiktaelling-i-rundkoersler-paa-aarhusvej"


def test_slugs_and_place_names_spell_out_the_same_letters():
    assert danish_slugify("Ærø Sønderborg Åbenrå") == "aeroe-soenderborg-aabenraa"
    assert normalise("Ærø Sønderborg Åbenrå") == "aeroe soenderborg aabenraa"


@pytest.mark.parametrize("text", ["=SUM(A1)", "+45 12345678", "-1", "@cmd", "\tx"])
def test_text_that_starts_like_a_formula_is_quoted(text):
    assert csv_cell(text) == "'" + text


def test_numbers_and_plain_text_are_kept():
    assert csv_cell(3) == 3 and csv_cell("Aarhus") == "Aarhus" and csv_cell(None) == ""


@pytest.mark.django_db
def test_the_api_documents_the_forms_limits_for_a_submission(client):
    import yaml

    from projects.forms import ProjectDataForm

    schema = yaml.safe_load(client.get("/api/schema/").content)
    fields = schema["components"]["schemas"]["ProjectSubmit"]["properties"]
    for name in ("title", "summary", "description", "organisation", "address", "website"):
        assert fields[name]["maxLength"] == ProjectDataForm.base_fields[name].max_length, name


@pytest.mark.django_db
def test_an_event_shows_its_forum_category_by_the_forums_own_read_rule(client, alice):
    from forum.models import Category
    from tests.factories import EventFactory

    staff_only = Category.objects.get(slug="indkoeb")
    event = EventFactory(title="Datadag i Aarhus", slug="datadag-i-aarhus")
    event.forum_category = staff_only
    event.save(update_fields=["forum_category"])
    client.force_login(alice)  # a citizen: the forum does not let her read "Indkøb"
    assert staff_only.get_absolute_url() not in client.get(event.get_absolute_url()).text


@pytest.mark.django_db
def test_a_taken_slug_gets_the_first_free_number_for_events_projects_and_guides(alice):
    from events.models import Event
    from guides.models import Guide
    from projects.models import Project
    from smartcity.slugs import unique_slug
    from tests.factories import EventFactory, ProjectFactory

    ProjectFactory(slug="gadelys")
    ProjectFactory(slug="gadelys-2")
    EventFactory(slug="moede-2026-05-01")
    Guide.objects.create(slug="kom-i-gang", owner=alice)

    assert unique_slug("gadelys", Project.objects.all()) == "gadelys-3"
    assert unique_slug("moede-2026-05-01", Event.objects.all()) == "moede-2026-05-01-2"
    assert unique_slug("kom-i-gang", Guide.objects.all()) == "kom-i-gang-2"
    assert unique_slug("nyt-navn", Project.objects.all()) == "nyt-navn"
