import re

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_is_in_danish_by_default_even_for_an_english_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    page = response.content.decode()
    assert '<html lang="da">' in page
    for label in ("Kort", "Projekter", "Forum", "Arrangementer", "Tilgængelighedserklæring"):
        assert label in page


def test_the_language_switch_turns_the_site_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    for label in ("Map", "Projects", "Events", "accessibility statement"):
        assert label in page


def test_about_explains_the_forum_and_the_open_data_licence(client):
    page = client.get(reverse("about")).content.decode()
    assert "Smart City Forum" in page
    assert "CC BY 4.0" in page
    assert "https://creativecommons.org/licenses/by/4.0/" in page


def test_the_accessibility_statement_is_linked_from_every_page(client):
    for url in ("/", reverse("about"), reverse("places:municipality_list")):
        assert reverse("accessibility") in client.get(url).content.decode()
    assert "WCAG 2.1" in client.get(reverse("accessibility")).content.decode()


def test_the_municipality_page_shows_its_region_and_code(client):
    page = client.get("/municipalities/aarhus/").content.decode()
    assert "Aarhus Kommune" in page
    assert "Region Midtjylland" in page
    assert "751" in page


def test_an_unknown_municipality_is_a_404(client):
    assert client.get("/municipalities/atlantis/").status_code == 404


def test_the_municipality_list_has_all_98(client, django_assert_max_num_queries):
    # regions + municipalities (prefetched), whatever the number of municipalities
    with django_assert_max_num_queries(2):
        page = client.get(reverse("places:municipality_list")).content.decode()
    assert len(re.findall(r'href="/municipalities/[a-z-]+/"', page)) == 98


def test_static_files_are_our_own(client):
    page = client.get("/").content.decode()
    assert f'href="{settings.STATIC_URL}css/site.css"' in page
    # No asset from a CDN (a random CSRF token may of course spell "cdn").
    assets = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert not [url for url in assets if "cdn" in url.lower()]
