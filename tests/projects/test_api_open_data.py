import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_open_data_page_names_the_licence_and_how_to_credit(client):
    page = client.get(reverse("open_data")).content.decode()

    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in page
    assert "Smart City Danmark, KL&#x27;s Smart City Forum" in page
    assert "Åbne data" in page


def test_the_open_data_page_links_the_downloads_and_the_documentation(client):
    page = client.get(reverse("open_data")).content.decode()

    for url in (
        "/api/v1/projects/geojson/",
        "/api/v1/projects/csv/",
        "/api/docs/",
        "/api/schema/",
        "/api/v1/themes/",
        "/api/v1/municipalities/",
    ):
        assert f'href="{url}"' in page, url
    assert "/api/v1/projects/&lt;slug&gt;/" in page
    assert 'href="/api/v1/map/?bbox=' in page  # the bare address answers 400


def test_every_page_links_the_open_data_page_in_the_footer(client):
    for url in ("/", reverse("about")):
        assert f'href="{reverse("open_data")}"' in client.get(url).content.decode()


def test_the_open_data_page_credits_the_boundary_data_as_its_terms_ask(client):
    page = client.get(reverse("open_data")).content.decode()
    assert "Geodatastyrelsen &amp; Danske Kommuner" in page
