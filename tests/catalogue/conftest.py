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
