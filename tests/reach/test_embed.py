import re

import pytest
from django.urls import reverse

from places.models import Municipality
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(db):
    aarhus = ProjectFactory(title="Parkering i Aarhus")  # the factory's municipality: Aarhus
    copenhagen = ProjectFactory(
        title="Parkering i København",
        municipality=Municipality.objects.get(code="101"),
        lat=55.676,
        lng=12.568,
    )
    return aarhus, copenhagen


def test_the_embed_may_be_framed_by_any_site(client, projects):
    response = client.get(reverse("embed_map"), {"municipality": "aarhus"})
    assert response.status_code == 200
    assert "X-Frame-Options" not in response.headers
    directives = dict(
        d.strip().split(" ", 1) for d in response.headers["Content-Security-Policy"].split(";")
    )
    assert directives["frame-ancestors"] == "*"


@pytest.mark.parametrize("url", ["/", "/projects/", "/search/?q=parkering", "/api/"])
def test_every_other_page_stays_unframeable(client, projects, url):
    response = client.get(url)
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_the_embed_shows_only_the_chosen_municipality(client, projects):
    page = client.get(reverse("embed_map"), {"municipality": "aarhus"}).content.decode()
    assert "Parkering i Aarhus" in page
    assert "Parkering i København" not in page
    assert '<input type="hidden" name="municipality" value="aarhus">' in page


def test_the_embed_has_no_header_footer_nor_forum_or_admin_assets(client, projects):
    page = client.get(reverse("embed_map")).content.decode()
    assert "site-header" not in page and "site-footer" not in page
    assert "forum.js" not in page and "/admin/" not in page
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert scripts == [
        "/static/leaflet/leaflet.js",
        "/static/js/leaflet_locale.js",
        "/static/js/map.js",
        "/static/js/project_map.js",
    ]


def test_the_full_site_link_opens_the_same_filters_in_a_new_tab(client, projects):
    page = client.get(reverse("embed_map"), {"municipality": "aarhus", "q": "x"}).content.decode()
    link = re.search(r'<a class="embed-site-link" href="([^"]+)" target="_blank"', page)
    assert link.group(1) == "http://testserver/projects/?municipality=aarhus"
    assert "Se på Smart City Danmark" in page


def test_the_list_fragment_of_the_embed_keeps_the_filters(client, projects):
    response = client.get(
        reverse("embed_map"), {"municipality": "koebenhavn"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert "<html" not in page
    assert "Parkering i København" in page and "Parkering i Aarhus" not in page


def test_a_municipalitys_embed_opens_on_its_own_projects(client, projects):
    page = client.get(reverse("embed_map"), {"municipality": "aarhus"}).content.decode()
    # the factory's point in Aarhus, 56.1572 N 10.2107 E, padded by 0.02 degrees
    assert 'data-start-bbox="10.19070,56.13720,10.23070,56.17720"' in page
    assert "data-start-bbox" not in client.get(reverse("embed_map")).content.decode()


def test_invalid_filters_are_dropped(client, projects):
    response = client.get(reverse("embed_map"), {"municipality": "<x>", "status": "nope"})
    assert response.status_code == 200
    assert "Parkering i Aarhus" in response.content.decode()


def test_the_embed_has_a_query_budget(client, projects, django_assert_max_num_queries):
    # queries: themes and municipalities for the filters, the count, the page of projects,
    # the box around the municipality's projects (full page only)
    with django_assert_max_num_queries(5):
        client.get(reverse("embed_map"), {"municipality": "aarhus"})
    with django_assert_max_num_queries(4):
        client.get(reverse("embed_map"), {"municipality": "aarhus"}, headers={"HX-Request": "true"})


@pytest.mark.parametrize("url", ["/projects/", "/municipalities/aarhus/"])
def test_the_map_and_the_municipality_page_offer_the_snippet_generator(client, url):
    page = client.get(url).content.decode()
    assert "data-embed-generator" in page
    assert 'data-embed-url="http://testserver/embed/map/"' in page


def test_the_municipality_page_generator_is_fixed_on_that_municipality(client):
    page = client.get("/municipalities/aarhus/").content.decode()
    assert re.search(r'<input type="hidden" name="municipality" value="aarhus"[^>]*>', page)
    # Fixed to the municipality across all themes: no select costs the page a query.
    assert 'name="theme"' not in page.split("data-embed-generator")[1]
