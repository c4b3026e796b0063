"""Projects and forum threads link catalogue datasets; the dataset page lists them."""

import pytest

from projects.forms import clean_open_data_links
from tests.catalogue.conftest import add_dataset
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_a_pasted_landing_page_links_its_dataset():
    dataset = add_dataset(landing_page="https://www.opendata.dk/city-of-aarhus/parkering")

    links = clean_open_data_links("Parkering | https://www.opendata.dk/city-of-aarhus/parkering/")

    assert links == [
        {
            "title": "Parkering",
            "url": "https://www.opendata.dk/city-of-aarhus/parkering/",
            "dataset": dataset.slug,
        }
    ]


def test_a_pasted_distribution_or_catalogue_page_links_its_dataset():
    dataset = add_dataset()
    other = add_dataset(title="Affald", areas=("affald",))
    file_url = dataset.distributions.get().access_url

    links = clean_open_data_links(f"{file_url}\nhttps://smartcity.dk{other.get_absolute_url()}")

    assert [link.get("dataset") for link in links] == [dataset.slug, other.slug]


def test_an_unknown_url_stays_a_plain_link():
    add_dataset()

    links = clean_open_data_links("https://example.org/noget-andet")

    assert links == [{"title": "example.org", "url": "https://example.org/noget-andet"}]


def test_the_dataset_page_lists_the_published_projects_using_it(client):
    dataset = add_dataset(title="Parkeringsdata")
    links = clean_open_data_links(f"Data | {dataset.landing_page}")
    ProjectFactory(title="Sensorer i P-huse", open_data_links=links)
    ProjectFactory(title="Kladde", open_data_links=links, state="needs_review")
    ProjectFactory(title="Andet projekt", open_data_links=[])

    page = client.get(dataset.get_absolute_url()).content.decode()

    assert "Sensorer i P-huse" in page
    assert "Kladde" not in page and "Andet projekt" not in page


def test_the_dataset_page_lists_public_forum_threads_linking_it(client):
    from accounts.services import user_make_staff_of
    from forum import services
    from forum.models import Category
    from places.models import Municipality
    from tests.factories import UserFactory
    from tests.forum.conftest import _published

    dataset = add_dataset(title="Trafiktællinger", areas=("trafiktaellinger",))
    author = user_make_staff_of(
        user=UserFactory(email="trafik@aarhus.dk"),
        municipality=Municipality.objects.get(code="751"),
    )
    for slug, title in [("smart-parkering", "Hvem bruger tællingerne?"), ("indkoeb", "Intern")]:
        thread = services.thread_create(
            author=author,
            category=Category.objects.get(slug=slug),
            title=title,
            body=f"Se https://smartcity.dk{dataset.get_absolute_url()} her.",
            enforce_rate_limit=False,
        )
        _published(thread.first_post)

    page = client.get(dataset.get_absolute_url()).content.decode()

    assert "Hvem bruger tællingerne?" in page
    assert "Intern" not in page  # a staff-only category
