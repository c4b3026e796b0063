import pytest
from django.urls import reverse

from guides import services
from tests.guides.conftest import guide_data

pytestmark = pytest.mark.django_db


def test_the_list_has_published_guides_only_with_their_versions(
    client, published_guide, staff_user
):
    services.guide_submit(author=staff_user, data=guide_data(title="Et udkast om parkering"))
    data = client.get(reverse("api:guides-list")).json()
    assert [guide["slug"] for guide in data] == [published_guide.slug]
    assert data[0]["da"]["title"] == "Kom i gang med gadelys" and data[0]["en"] is None
    assert data[0]["themes"] == ["gadebelysning"]
    assert [area["slug"] for area in data[0]["data_areas"]] == [
        "gadebelysning",
        "energi-i-bygninger",
    ]


def test_one_guide_has_its_text_and_every_published_version(
    client, published_guide, staff_user, moderator
):
    english = services.guide_submit(
        author=staff_user,
        data=guide_data(language="en", title="Getting started with street lighting"),
        guide=published_guide,
    )
    services.version_publish(version=english, by=moderator)
    services.guide_submit(author=staff_user, data=guide_data(), guide=published_guide)  # waits

    data = client.get(reverse("api:guides-detail", args=[published_guide.slug])).json()
    assert [(v["number"], v["language"]) for v in data["versions"]] == [(2, "en"), (1, "da")]
    assert data["en"]["title"] == "Getting started with street lighting"
    assert data["da"]["steps"][0] == "Opgør lyspunkterne"
    assert '<h2 id="hvorfor">' in data["da"]["body_html"]
    assert data["versions"][0]["author"] == "Trafikafdelingen"
    assert "email" not in str(data)


def test_answers_carry_an_etag_and_honour_if_none_match(client, published_guide):
    for url in (
        reverse("api:guides-list"),
        reverse("api:guides-detail", args=[published_guide.slug]),
    ):
        first = client.get(url)
        assert first.status_code == 200 and first["ETag"]
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304


def test_an_unpublished_guide_is_not_found(client, staff_user):
    version = services.guide_submit(author=staff_user, data=guide_data())
    assert client.get(reverse("api:guides-detail", args=[version.guide.slug])).status_code == 404


def test_the_schema_documents_guides_and_project_results(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert "/api/v1/guides/" in schema["paths"]
    assert "/api/v1/guides/{slug}/" in schema["paths"]
    components = schema["components"]["schemas"]
    assert "versions" in components["GuideDetail"]["properties"]
    assert "results" in components["Project"]["properties"]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/projects/"]["get"]["parameters"]}
    assert {"results", "featured"} <= parameters


def test_the_api_costs_the_same_whatever_the_number_of_guides_and_versions(
    client, published_guide, staff_user, moderator, django_assert_num_queries
):
    def count(url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    detail = reverse("api:guides-detail", args=[published_guide.slug])
    before = count(reverse("api:guides-list")), count(detail)
    for title in ("Kom i gang med parkering", "Kom i gang med mobilitet"):
        version = services.guide_submit(author=moderator, data=guide_data(title=title))
        services.version_publish(version=version, by=moderator)
    edit = services.guide_submit(
        author=moderator, data=guide_data(language="en"), guide=published_guide
    )
    services.version_publish(version=edit, by=moderator)
    assert (count(reverse("api:guides-list")), count(detail)) == before
    # list: validator, guides with their versions and authors, themes, data areas
    with django_assert_num_queries(4):
        client.get(reverse("api:guides-list"))
