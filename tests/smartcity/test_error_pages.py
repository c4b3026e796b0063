"""Error pages are in the site's layout, in the user's language, with a way on."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

SIGN_IN = 'href="/accounts/login/?next='


def _in_site_layout(page: str) -> bool:
    return 'class="site-header"' in page and 'class="site-footer"' in page


def test_a_missing_page_is_a_danish_404_in_the_site_layout_with_ways_on(client):
    response = client.get("/ingen-side-her/")
    page = response.content.decode()
    assert response.status_code == 404
    assert _in_site_layout(page)
    assert "<title>Siden findes ikke – Smart City Danmark</title>" in page
    assert "Vi kan ikke finde den side" in page
    assert SIGN_IN in page
    assert 'action="/projects/" role="search"' in page
    assert 'href="/"' in page


def test_the_404_page_is_english_for_an_english_visitor(client):
    client.cookies["django_language"] = "en"
    page = client.get("/no-such-page/").content.decode()
    assert '<html lang="en">' in page
    assert "We cannot find that page" in page


def test_a_citizen_opening_the_event_form_gets_a_403_page_in_danish(client, alice):
    client.force_login(alice)
    response = client.get("/events/new/")
    page = response.content.decode()
    assert response.status_code == 403
    assert _in_site_layout(page)
    assert "Du har ikke adgang til denne side" in page
    # A citizen is told how to become staff, not asked to sign in again.
    assert 'href="/accounts/profile/"' in page
    assert SIGN_IN not in page


def test_a_bad_request_is_a_400_page_in_the_site_layout(client):
    response = client.get("/", HTTP_HOST="angriber.example")
    page = response.content.decode()
    assert response.status_code == 400
    assert _in_site_layout(page)
    assert "Forespørgslen kunne ikke forstås" in page


def test_too_many_sign_in_attempts_give_a_429_page_in_the_site_layout(client):
    statuses = [
        client.post("/accounts/login/", {"login": "x@example.com", "password": "forkert"})
        for _ in range(31)
    ]
    response = statuses[-1]
    page = response.content.decode()
    assert response.status_code == 429
    assert _in_site_layout(page)
    assert "For mange forsøg" in page


def test_a_server_error_is_a_500_page_in_the_site_layout(settings):
    settings.ROOT_URLCONF = "tests.smartcity.failing_urls"
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = "en"
    response = client.get("/broken/")
    page = response.content.decode()
    assert response.status_code == 500
    assert _in_site_layout(page)
    assert '<html lang="en">' in page
    assert "Something went wrong on our side" in page
