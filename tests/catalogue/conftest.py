import pytest

from catalogue.models import HarvestSource
from tests.ckan_server import CkanServer


@pytest.fixture
def ckan(settings):
    settings.CATALOGUE_HARVEST_TIMEOUT = 0.5
    settings.CATALOGUE_HARVEST_ATTEMPTS = 3
    settings.CATALOGUE_HARVEST_BACKOFF_SECONDS = 0
    settings.CATALOGUE_HARVEST_PAGE_SIZE = 10
    server = CkanServer().start()
    yield server
    server.stop()


@pytest.fixture
def source(ckan):
    return HarvestSource.objects.create(name="Test portal", url=ckan.url)


_counter = iter(range(1, 10**9))


def add_dataset(
    *,
    title: str = "Parkeringspladser",
    municipality: str | None = "751",
    areas: tuple[str, ...] = ("parkering",),
    formats: tuple[str, ...] = ("CSV",),
    modified=None,
    withdrawn: bool = False,
    landing_page: str = "",
    source=None,
    **fields,
):
    """A published (or withdrawn) dataset with distributions and areas, straight in the
    database: for page, API and DCAT tests that are not about harvesting."""
    from django.utils import timezone

    from catalogue.models import DataArea, Dataset, Distribution, HarvestSource
    from catalogue.services import coverage_refresh, dataset_search_vector_update
    from places.models import Municipality
    from smartcity.slugs import danish_slugify

    n = next(_counter)
    source = (
        source
        or HarvestSource.objects.get_or_create(
            url="https://portal.example.dk", defaults={"name": "Example portal"}
        )[0]
    )
    place = Municipality.objects.get(code=municipality) if municipality else None
    now = timezone.now()
    dataset = Dataset.objects.create(
        source=source,
        ckan_id=f"id-{n}",
        ckan_name=f"dataset-{n}",
        slug=f"{danish_slugify(title)}-{n}",
        title=title,
        description_html=f"<p>{title} beskrevet.</p>",
        publisher_name=f"{place.name} Kommune" if place else "Region Midtjylland",
        municipality=place,
        licence_id=fields.pop("licence_id", "cc-by-4.0"),
        licence_title="CC BY 4.0",
        licence_url="https://creativecommons.org/licenses/by/4.0/",
        issued=now,
        modified=modified or now,
        landing_page=landing_page or f"https://portal.example.dk/dataset/dataset-{n}",
        formats=list(formats),
        withdrawn_at=now if withdrawn else None,
        keywords=list(areas),
        **fields,
    )
    for i, fmt in enumerate(formats):
        Distribution.objects.create(
            dataset=dataset,
            title=f"{title} {fmt}",
            format=fmt,
            media_type="text/csv" if fmt == "CSV" else "",
            access_url=f"https://portal.example.dk/dataset/dataset-{n}/resource/{i}",
            position=i,
        )
    dataset.areas.set(DataArea.objects.filter(slug__in=areas))
    coverage_refresh()
    dataset_search_vector_update(dataset_ids=[dataset.pk])
    return dataset
