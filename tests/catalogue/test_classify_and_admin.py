import pytest

from catalogue.classify import areas_for
from catalogue.models import Coverage, DataArea, Dataset, HarvestRun, Organisation
from catalogue.services import harvest_source
from tests.catalogue.conftest import add_dataset
from tests.ckan_server import make_package

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("title", "keywords", "area"),
    [
        ("Ledige p-pladser", [], "parkering"),
        ("Parkeringspladser i midtbyen", [], "parkering"),
        ("Data", ["trafiktælling"], "trafiktaellinger"),
        ("Målinger", ["luftkvalitet"], "luftkvalitet"),
        ("Glascontainere", ["genbrug"], "affald"),
        ("Bus stops", ["public transport"], "kollektiv-trafik"),
        ("Legepladser i byen", [], "legepladser"),
    ],
)
def test_datasets_are_classified_by_danish_and_english_words(title, keywords, area):
    areas = list(DataArea.objects.all())

    found = [a.slug for a in areas_for(areas, title=title, keywords=keywords, groups=[])]

    assert found == [area]


def test_a_word_inside_another_does_not_classify():
    areas = list(DataArea.objects.all())

    # Words match where a word starts: the "bus" inside "omnibus" is no bus.
    found = areas_for(areas, title="Omnibusundersøgelse om parkering", keywords=[], groups=[])

    assert [a.slug for a in found] == ["parkering"]


def test_a_moderator_maps_an_unmatched_organisation_in_admin(client, moderator, ckan, source):
    ckan.packages = [make_package(0, org=("vandcenter-syd", "VandCenter Syd"))]
    harvest_source(source=source)
    organisation = Organisation.objects.get()
    client.force_login(moderator)

    listing = client.get("/admin/catalogue/organisation/?mapped=no")
    assert "VandCenter Syd" in listing.content.decode()

    from places.models import Municipality

    odense = Municipality.objects.get(code="461")
    answer = client.post(
        f"/admin/catalogue/organisation/{organisation.pk}/change/", {"municipality": odense.pk}
    )

    assert answer.status_code == 302
    assert Dataset.objects.get().municipality == odense
    assert Coverage.objects.get(municipality=odense).datasets == 1


def test_a_moderator_overrides_the_areas_of_a_dataset_in_admin(client, moderator):
    dataset = add_dataset()
    waste = DataArea.objects.get(slug="affald")
    client.force_login(moderator)

    distribution = dataset.distributions.get()
    # What the change form sends: the areas, and the (read-only) distributions inline.
    form = {
        "areas": [waste.pk],
        "distributions-TOTAL_FORMS": "1",
        "distributions-INITIAL_FORMS": "1",
        "distributions-MIN_NUM_FORMS": "0",
        "distributions-MAX_NUM_FORMS": "1000",
        "distributions-0-id": distribution.pk,
        "distributions-0-dataset": dataset.pk,
    }
    answer = client.post(f"/admin/catalogue/dataset/{dataset.pk}/change/", form)

    assert answer.status_code == 302
    dataset.refresh_from_db()
    assert list(dataset.areas.all()) == [waste] and dataset.areas_set_by_moderator


def test_moderators_see_the_harvest_runs(client, moderator, ckan, source):
    ckan.faults.fail_next = 99
    harvest_source(source=source)
    client.force_login(moderator)

    page = client.get("/admin/catalogue/harvestrun/")

    assert page.status_code == 200
    assert HarvestRun.objects.get().errors
    assert "Test portal" in page.content.decode()
