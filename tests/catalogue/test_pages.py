from datetime import timedelta

import pytest
from django.utils import timezone

from tests.catalogue.conftest import add_dataset

pytestmark = pytest.mark.django_db


def test_the_list_shows_published_datasets_and_filters_them(client):
    add_dataset(title="Parkering i Aarhus", municipality="751", areas=("parkering",))
    add_dataset(title="Affald i Odense", municipality="461", areas=("affald",))
    add_dataset(title="Gammel", withdrawn=True)

    everything = client.get("/datasets/").content.decode()
    odense = client.get("/datasets/?municipality=odense").content.decode()
    region = client.get("/datasets/?region=region-midtjylland").content.decode()

    assert "Parkering i Aarhus" in everything and "Affald i Odense" in everything
    assert "Gammel" not in everything
    assert "Affald i Odense" in odense and "Parkering i Aarhus" not in odense
    assert "Parkering i Aarhus" in region and "Affald i Odense" not in region


def test_the_list_filters_recent_format_licence_and_words(client):
    add_dataset(title="Ny parkering", formats=("CSV",))
    add_dataset(title="Gamle støjkort", areas=("stoej",), formats=("WMS",),
                modified=timezone.now() - timedelta(days=800), licence_id="odbl")  # fmt: skip

    def shown(query):
        page = client.get(f"/datasets/?{query}").content.decode()
        return [t for t in ("Ny parkering", "Gamle støjkort") if t in page]

    assert shown("recent=on") == ["Ny parkering"]
    assert shown("format=WMS") == ["Gamle støjkort"]
    assert shown("licence=odbl") == ["Gamle støjkort"]
    assert shown("q=st%C3%B8jkort") == ["Gamle støjkort"]


def test_an_area_filter_shows_the_areas_guideline(client):
    page = client.get("/datasets/?area=luftkvalitet", HTTP_ACCEPT_LANGUAGE="da").content.decode()

    assert "NO2" in page and "Målestationer" in page


def test_a_dataset_page_has_its_metadata_and_distributions(client):
    dataset = add_dataset(
        title="Cykeltællinger", areas=("cykeltaellinger",), formats=("CSV", "JSON"),
        contact_name="Team Data", frequency="Dagligt",
    )  # fmt: skip

    page = client.get(dataset.get_absolute_url()).content.decode()

    assert "<h1>Cykeltællinger</h1>" in page
    assert 'href="/municipalities/aarhus/"' in page
    assert "Team Data" in page and "Dagligt" in page and "CC BY 4.0" in page
    for distribution in dataset.distributions.all():
        assert distribution.access_url in page


def test_an_unknown_dataset_is_404(client):
    assert client.get("/datasets/findes-ikke/").status_code == 404


def test_the_matrix_counts_sorts_and_filters_by_region(client):
    add_dataset(municipality="751", areas=("parkering",))
    add_dataset(municipality="751", areas=("affald",))
    add_dataset(municipality="851", areas=("parkering",))

    page = client.get("/open-data/areas/").content.decode()
    by_coverage = client.get("/open-data/areas/?sort=coverage").content.decode()
    nord = client.get("/open-data/areas/?region=region-nordjylland").content.decode()

    assert "?municipality=aarhus&amp;area=parkering" in page
    assert page.index(">Aabenraa<") < page.index(">Aarhus<")  # by name
    assert (
        by_coverage.index(">Aarhus<")
        < by_coverage.index(">Aalborg<")
        < by_coverage.index(">Aabenraa<")
    )
    assert ">Aalborg<" in nord and ">Aarhus<" not in nord
    assert "<caption" in page and 'scope="row"' in page and 'scope="col"' in page


def test_the_matrix_page_uses_a_constant_number_of_queries(client, django_assert_max_num_queries):
    for n in range(30):
        add_dataset(municipality=["751", "461", "101"][n % 3], areas=("parkering", "affald"))
    # regions, areas, the grid (one aggregate over municipalities × areas)
    with django_assert_max_num_queries(3):
        client.get("/open-data/areas/")
    for n in range(60):
        add_dataset(municipality=["851", "630"][n % 2], areas=("luftkvalitet",))
    with django_assert_max_num_queries(3):
        assert (
            client.get("/open-data/areas/?region=region-syddanmark&sort=coverage").status_code
            == 200
        )


def test_a_municipality_page_shows_its_coverage_and_gaps(client):
    # Aarhus publishes parking; its neighbours Favrskov and Skanderborg publish waste too.
    add_dataset(municipality="751", areas=("parkering",))
    example = add_dataset(
        title="Genbrugsstationer i Favrskov", municipality="710", areas=("affald",)
    )
    add_dataset(municipality="746", areas=("affald",))
    add_dataset(municipality="101", areas=("stoej",))  # far away: not a gap for Aarhus

    page = client.get("/municipalities/aarhus/").content.decode()

    section = page[page.index('id="municipality-open-data-title"') :]
    assert "?municipality=aarhus&amp;area=parkering" in section
    gaps = section[section.index('id="gaps-title"') :]
    assert "?area=affald" in gaps and example.get_absolute_url() in gaps
    assert "?area=stoej" not in gaps


def test_the_municipality_page_uses_a_constant_number_of_queries(
    client, django_assert_max_num_queries
):
    for n in range(20):
        add_dataset(municipality=["710", "746", "751"][n % 3], areas=("affald", "parkering"))
    # The page's own 5 (the municipality, projects, adoptions, events, forum), then ours:
    # the areas, the grid (one aggregate), the examples of the gaps.
    with django_assert_max_num_queries(8):
        client.get("/municipalities/odder/")
    for n in range(60):
        add_dataset(municipality=["710", "746", "730"][n % 3], areas=("luftkvalitet", "stoej"))
    with django_assert_max_num_queries(8):
        assert client.get("/municipalities/odder/").status_code == 200
