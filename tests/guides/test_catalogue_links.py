"""Guides joined to the open-data catalogue: data areas checked against catalogue.DataArea and
linked to the catalogue's page for each area; catalogue datasets linked as cards."""

import pytest
from django.urls import reverse

from guides import services
from guides.models import Guide, GuideVersion
from tests.catalogue.conftest import add_dataset
from tests.guides.conftest import guide_data

pytestmark = pytest.mark.django_db


def _post_form(client, user, language: str, **overrides):
    client.force_login(user)
    client.cookies["django_language"] = language
    data = guide_data(**overrides)
    return client.post(reverse("guides:create"), data)


@pytest.mark.parametrize(
    "language, message",
    [
        ("da", "“vejnet” er ikke et dataområde i kataloget over åbne data."),
        ("en", "“vejnet” is not a data area of the open-data catalogue."),
    ],
)
def test_an_unknown_data_area_is_refused_in_the_users_language_and_nothing_is_saved(
    client, staff_user, language, message
):
    response = _post_form(client, staff_user, language, data_areas="parkering, vejnet")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not GuideVersion.objects.exists() and not Guide.objects.exists()


def test_the_service_refuses_an_unknown_data_area_too(staff_user):
    with pytest.raises(services.ValidationError) as error:
        services.guide_submit(author=staff_user, data=guide_data(data_areas="trafik"))
    assert "data_areas" in error.value.message_dict
    assert not GuideVersion.objects.exists()


def test_the_guide_page_links_each_data_area_to_its_datasets_in_the_catalogue(
    client, published_guide
):
    html = client.get(published_guide.get_absolute_url()).content.decode()
    assert '<a href="/datasets/?area=gadebelysning">Gadebelysning</a>' in html
    client.cookies["django_language"] = "en"
    html = client.get(published_guide.get_absolute_url()).content.decode()
    assert '<a href="/datasets/?area=energi-i-bygninger">Energy use of municipal buildings</a>' in (
        html
    )
    # The link leads to the catalogue's page for the area, with its guideline.
    page = client.get("/datasets/?area=gadebelysning").content.decode()
    assert "Guideline: Street lighting" in page


def test_the_start_page_links_the_data_areas_of_the_themes_guides(client, published_guide):
    html = client.get(reverse("start")).content.decode()
    assert '<a href="/datasets/?area=gadebelysning">Gadebelysning</a>' in html
    assert '<a href="/datasets/?area=energi-i-bygninger">' in html


def test_a_linked_dataset_shows_as_a_card_on_the_guide(
    client, published_guide, staff_user, moderator
):
    dataset = add_dataset(title="Gadelys i Aarhus", areas=("gadebelysning",))
    version = services.guide_submit(
        author=staff_user,
        data=guide_data(links=f"https://example.org/datasets/{dataset.slug}/"),
        guide=published_guide,
    )
    services.version_publish(version=version, by=moderator)
    assert list(published_guide.datasets.all()) == [dataset]
    html = client.get(published_guide.get_absolute_url()).content.decode()
    assert f'<a href="/datasets/{dataset.slug}/">Gadelys i Aarhus</a>' in html
    assert "Åbent datasæt" in html


def test_a_withdrawn_or_unknown_dataset_cannot_be_linked(staff_user):
    withdrawn = add_dataset(title="Gamle gadelys", withdrawn=True)
    for slug in (withdrawn.slug, "findes-ikke"):
        with pytest.raises(services.ValidationError) as error:
            services.guide_submit(author=staff_user, data=guide_data(links=f"/datasets/{slug}/"))
        assert error.value.message_dict["links"] == [
            "Der er intet offentliggjort projekt, arrangement, offentlig tråd eller datasæt "
            f"på “{slug}”."
        ]
    assert not GuideVersion.objects.exists()


def test_the_edit_form_offers_the_linked_datasets_again(client, published_guide, staff_user):
    dataset = add_dataset(title="Gadelys i Aarhus", areas=("gadebelysning",))
    version = services.guide_submit(
        author=staff_user,
        data=guide_data(links=f"/datasets/{dataset.slug}/"),
        guide=published_guide,
    )
    client.force_login(staff_user)
    html = client.get(
        reverse("guides:edit", args=[published_guide.slug]) + f"?from={version.number}"
    ).content.decode()
    assert f"/datasets/{dataset.slug}/" in html


def test_the_api_gives_data_areas_as_objects_and_the_linked_datasets(
    client, published_guide, staff_user, moderator
):
    dataset = add_dataset(title="Gadelys i Aarhus", areas=("gadebelysning",))
    version = services.guide_submit(
        author=staff_user,
        data=guide_data(links=f"/datasets/{dataset.slug}/"),
        guide=published_guide,
    )
    services.version_publish(version=version, by=moderator)
    client.cookies["django_language"] = "en"
    listed = client.get(reverse("api:guides-list")).json()[0]
    assert listed["data_areas"][0] == {
        "slug": "gadebelysning",
        "name": "Street lighting",
        "url": "http://testserver/datasets/?area=gadebelysning",
    }
    detail = client.get(reverse("api:guides-detail", args=[published_guide.slug])).json()
    assert [area["slug"] for area in detail["data_areas"]] == [
        "gadebelysning",
        "energi-i-bygninger",
    ]
    assert detail["datasets"] == [dataset.slug]
