import re

import pytest
from django.urls import reverse

from tests.factories import EventFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _meta(page: str, name: str) -> str:
    match = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', page)
    assert match, f"{name} is missing"
    return match.group(1)


def _canonical(page: str) -> str:
    return re.search(r'<link rel="canonical" href="([^"]+)"', page).group(1)


@pytest.fixture
def pages(staff_user, public_category, make_thread, published_guide):
    project = ProjectFactory(title="Smart parkering", summary="Sensorer viser ledige pladser.")
    event = EventFactory(title="Datadag i Aarhus")
    thread = make_thread(staff_user, public_category, title="Sensorer", body="Hvem har prøvet?")
    return {
        project.get_absolute_url(): "Smart parkering",
        published_guide.get_absolute_url(): "Kom i gang med gadelys",
        event.get_absolute_url(): "Datadag i Aarhus",
        thread.get_absolute_url(): "Sensorer",
        "/municipalities/aarhus/": "Aarhus Kommune",
    }


def test_shared_pages_carry_opengraph_twitter_and_canonical_tags(client, settings, pages):
    settings.SITE_URL = "https://smartcity.example.dk"
    for url, title in pages.items():
        page = client.get(url + "?utm_source=nyhedsbrev").content.decode()
        assert _meta(page, "og:title") == title, url
        assert _meta(page, "twitter:title") == title
        assert _meta(page, "og:description"), url
        assert _meta(page, "og:image").startswith("https://smartcity.example.dk/")
        assert _meta(page, "og:locale") == "da_DK"
        assert _meta(page, "twitter:card") == "summary_large_image"
        assert _canonical(page) == "https://smartcity.example.dk" + url  # no query string
        assert _meta(page, "og:url") == _canonical(page)


def test_the_locale_follows_the_language(client, pages):
    client.cookies["django_language"] = "en"
    page = client.get("/municipalities/aarhus/").content.decode()
    assert _meta(page, "og:locale") == "en_GB"
    assert _meta(page, "og:title") == "Aarhus Municipality"


def test_the_sitemap_lists_public_pages_only(
    client, settings, staff_user, public_category, staff_category, make_thread, published_guide
):
    settings.SITE_URL = "https://smartcity.example.dk"
    public = ProjectFactory(title="Offentligt", slug="offentligt")
    ProjectFactory(slug="venter", state="needs_review", published_at=None)
    ProjectFactory(slug="afvist", state="rejected", published_at=None)
    event = EventFactory(slug="datadag")
    EventFactory(slug="kladde", state="needs_review")
    thread = make_thread(staff_user, public_category, title="Offentlig tråd")
    staff_thread = make_thread(staff_user, staff_category, title="Kun for ansatte")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    urls = set(re.findall(r"<loc>([^<]+)</loc>", response.content.decode()))
    site = "https://smartcity.example.dk"
    for path in (
        public.get_absolute_url(),
        event.get_absolute_url(),
        thread.get_absolute_url(),
        published_guide.get_absolute_url(),
        "/municipalities/aarhus/",
        "/",
        "/api/",
    ):
        assert site + path in urls
    for hidden in ("/projects/venter/", "/projects/afvist/", "/events/kladde/"):
        assert site + hidden not in urls
    assert site + staff_thread.get_absolute_url() not in urls
    assert not any("/admin/" in url or "/accounts/" in url for url in urls)


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_private_pages(client, settings):
    settings.SITE_URL = "https://smartcity.example.dk"
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: https://smartcity.example.dk/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines and "Disallow: /accounts/" in lines


def test_the_api_landing_points_to_the_docs_and_the_schema(client):
    page = client.get(reverse("api_landing")).content.decode()
    assert f'href="{reverse("api-docs")}"' in page
    assert f'href="{reverse("api-schema")}"' in page
    assert "<h1>" in page
