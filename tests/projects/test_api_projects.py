import pytest
from django.utils.http import http_date

from projects.models import Adoption, Project, ProjectImage, Theme
from tests.factories import PublishedProjectFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/projects/"


def slugs(response):
    return [item["slug"] for item in response.json()["results"]]


def test_the_list_shows_published_projects_only(client):
    PublishedProjectFactory(slug="offentlig")
    for state in ("submitted", "needs_review", "rejected", "hidden", "withdrawn"):
        PublishedProjectFactory(slug=f"skjult-{state}", state=state)

    response = client.get(LIST)

    assert response.status_code == 200
    assert slugs(response) == ["offentlig"]
    assert response.json()["count"] == 1


def test_a_project_in_the_list_has_its_theme_municipality_and_coordinates(client, aarhus):
    theme = Theme.objects.get(slug="parkering")
    PublishedProjectFactory(
        slug="p-sensorer", theme=theme, municipality=aarhus, lat=56.15, lng=10.2
    )

    item = client.get(LIST).json()["results"][0]

    assert item["url"] == "http://testserver/projects/p-sensorer/"
    assert item["theme"] == {
        "slug": "parkering",
        "label": "Parkering",
        "color": "#1f4e9c",
        "icon": "parking",
    }
    assert item["municipality"] == {"code": "751", "slug": "aarhus", "name": "Aarhus"}
    assert (item["lat"], item["lng"]) == (56.15, 10.2)
    assert item["status"] == "operation"
    assert item["status_label"] == "I drift"


def test_the_list_filters_like_the_pages(client, aarhus):
    parking = ThemeFactory(slug="parkering")
    PublishedProjectFactory(slug="a", theme=parking, municipality=aarhus, title="Sensorer i p-huse")
    PublishedProjectFactory(slug="b", municipality=aarhus, status="pilot", adoption_count=3)
    PublishedProjectFactory(slug="c", lat=55.68, lng=12.57, organisation="Sensorfirma ApS")

    def found(**params):
        return sorted(slugs(client.get(LIST, params)))

    assert found(theme="parkering") == ["a"]
    assert found(municipality="aarhus") == ["a", "b"]
    assert found(status="pilot") == ["b"]
    assert found(q="sensor") == ["a", "c"]
    assert found(q="sensor p-huse") == ["a"]
    assert found(min_adoptions=2) == ["b"]
    assert found(bbox="12.0,55.0,13.0,56.0") == ["c"]
    assert found(bbox="12.0,55.0,13.0,56.0", theme="parkering") == []


def test_a_malformed_filter_is_a_400_that_names_the_field(client):
    response = client.get(LIST, {"bbox": "1,2,3", "status": "secret"})

    assert response.status_code == 400
    assert set(response.json()) == {"bbox", "status"}
    assert "fire tal" in response.json()["bbox"][0]


def test_the_list_is_paginated_newest_first(client):
    for n in range(7):
        PublishedProjectFactory(slug=f"p{n}")

    first = client.get(LIST, {"page_size": 3}).json()
    last = client.get(LIST, {"page_size": 3, "page": 3}).json()

    assert first["count"] == 7
    assert [p["slug"] for p in first["results"]] == ["p6", "p5", "p4"]
    assert first["next"].endswith("page=2&page_size=3")
    assert [p["slug"] for p in last["results"]] == ["p0"]
    assert last["next"] is None


def test_the_list_uses_a_constant_number_of_queries(client, django_assert_num_queries):
    for _ in range(30):
        PublishedProjectFactory(theme=ThemeFactory())

    # the validator (count and newest change); the page count; the page with themes and
    # municipalities joined; the measured results of the page
    with django_assert_num_queries(4):
        assert client.get(LIST).status_code == 200


def test_an_unchanged_list_answers_304_and_a_change_gives_a_new_etag(client):
    project = PublishedProjectFactory()
    first = client.get(LIST)
    assert first["Last-Modified"] == http_date(project.updated_at.timestamp())

    assert client.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(LIST, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    # Another filter is another answer.
    assert client.get(LIST, {"q": "x"}, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200

    Project.objects.filter(pk=project.pk).update(state=Project.State.HIDDEN)

    assert client.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


# --- One project ----------------------------------------------------------------------------


def test_a_project_shows_its_author_by_display_name_and_never_the_email(client, aarhus, alice):
    project = PublishedProjectFactory(slug="smart-lys", author=alice, description="**Lys**")
    Adoption.objects.create(project=project, municipality=aarhus, note="Vi bruger den også")

    response = client.get(f"{LIST}smart-lys/")

    assert response.status_code == 200
    answer = response.json()
    assert answer["author"] == "Alice"
    assert "alice@example.com" not in response.content.decode()
    assert answer["adoptions"][0]["municipality"]["name"] == "Aarhus"
    assert answer["adoptions"][0]["note"] == "Vi bruger den også"


def test_an_unpublished_project_is_not_found(client):
    PublishedProjectFactory(slug="venter", state=Project.State.NEEDS_REVIEW)

    assert client.get(f"{LIST}venter/").status_code == 404
    assert client.get(f"{LIST}findes-ikke/").status_code == 404


def test_a_project_uses_a_constant_number_of_queries(
    client, aarhus, alice, django_assert_num_queries
):
    from places.models import Municipality

    project = PublishedProjectFactory(slug="mange", author=alice)
    for municipality in Municipality.objects.all()[:10]:
        Adoption.objects.create(project=project, municipality=municipality)
    for n in range(5):
        ProjectImage.objects.create(
            project=project, uploaded_by=alice, token=f"t{n}", image=f"projects/t{n}.png",
            format="PNG", width=10, height=10, position=n,
        )  # fmt: skip

    # the project with theme, municipality and author; its images; its measured results; its
    # adoptions with their municipalities
    with django_assert_num_queries(4):
        answer = client.get(f"{LIST}mange/").json()
    assert len(answer["images"]) == 5
    assert len(answer["adoptions"]) == 10


def test_an_unchanged_project_answers_304(client):
    PublishedProjectFactory(slug="uaendret")
    first = client.get(f"{LIST}uaendret/")

    again = client.get(f"{LIST}uaendret/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304


# --- Throttling and writing -----------------------------------------------------------------


def test_anonymous_readers_are_throttled(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min", "user": "100/min"},
    }

    answers = [client.get(LIST).status_code for _ in range(4)]
    other_endpoint = client.get("/api/v1/map/", {"bbox": "8,54,15,58", "zoom": 7})

    assert answers == [200, 200, 200, 429]
    assert other_endpoint.status_code == 429
    assert "Retry-After" in other_endpoint


def test_signed_in_readers_have_their_own_allowance(client, settings, alice):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/min", "user": "3/min"},
    }
    client.force_login(alice)

    assert [client.get(LIST).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_an_anonymous_visitor_cannot_submit(client):
    ThemeFactory(slug="parkering")

    response = client.post(
        LIST,
        {"title": "Spam", "summary": "x", "theme": "parkering"},
        content_type="application/json",
    )

    assert response.status_code in (401, 403)
    assert not Project.objects.exists()


def test_nobody_can_change_or_delete_through_the_api(client):
    PublishedProjectFactory(slug="fast")
    client.force_login(UserFactory())

    assert client.put(f"{LIST}fast/", {}, content_type="application/json").status_code == 405
    assert client.delete(f"{LIST}fast/").status_code == 405


def test_an_adoption_changes_the_etag_although_it_leaves_updated_at_alone(
    client, settings, staff_user
):
    from projects.services import adoption_create

    settings.PROJECTS_MAP_CACHE_SECONDS = 0
    project = PublishedProjectFactory()
    urls = [LIST, "/api/v1/projects/geojson/", "/api/v1/map/?bbox=8,54,15,58&zoom=7"]
    before = {url: client.get(url)["ETag"] for url in urls}
    updated_at = project.updated_at

    adoption_create(project=project, by=staff_user)

    project.refresh_from_db()
    assert project.updated_at == updated_at
    for url in urls:
        assert client.get(url, HTTP_IF_NONE_MATCH=before[url]).status_code == 200, url


def test_any_web_page_may_read_the_open_data_but_not_write_it(client, alice):
    for url in (
        LIST,
        "/api/v1/themes/",
        "/api/v1/projects/csv/",
        "/api/v1/map/?bbox=8,54,9,55&zoom=7",
    ):
        assert client.get(url)["Access-Control-Allow-Origin"] == "*", url
    client.force_login(alice)

    assert "Access-Control-Allow-Origin" not in client.post(
        LIST, {}, content_type="application/json"
    )


@pytest.mark.parametrize("path", [LIST, "/api/v1/projects/csv/", "/api/v1/projects/geojson/"])
def test_a_flag_that_is_not_true_or_false_is_a_400(client, path):
    response = client.get(path, {"results": "0.68", "featured": "yes"})

    assert response.status_code == 400
    assert set(response.json()) == {"results", "featured"}
    assert client.get(path, {"results": "1", "featured": "false"}).status_code == 200
    assert client.get(path, {"results": "", "featured": ""}).status_code == 200


def test_a_repeated_query_parameter_is_a_400(client):
    response = client.get(f"{LIST}?page=x&page=")

    assert response.status_code == 400
    assert set(response.json()) == {"page"}
