import pytest

from tests.factories import EventFactory, UserFactory


@pytest.fixture
def event(db):
    """A published event in Aarhus next week with 20 seats."""
    return EventFactory(title="Datadag i Aarhus", slug="datadag-i-aarhus")


@pytest.fixture
def small_event(db, staff_user):
    """A published event with two seats, organised by Aarhus staff."""
    return EventFactory(
        title="Workshop om gadelys",
        slug="workshop-om-gadelys",
        capacity=2,
        organiser=staff_user,
        organiser_municipality=staff_user.municipality,
    )


@pytest.fixture
def carol(db):
    return UserFactory(email="carol@example.com", display_name="Carol")
