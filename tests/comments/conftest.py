import pytest

from tests.factories import EstablishedUserFactory, ProjectFactory, UserFactory, make_moderator


@pytest.fixture
def project(db, staff_user):
    """A published project in Aarhus by a citizen, Karen."""
    author = UserFactory(email="karen@example.com", display_name="Karen")
    return ProjectFactory(author=author, title="Parkeringssensorer i Aarhus")


@pytest.fixture
def second_moderator(db):
    return make_moderator(email="mod2@example.com", display_name="Mod To")


@pytest.fixture
def reporters(db):
    """Three established users: their reports together reach the threshold."""
    return [
        EstablishedUserFactory(email=f"reporter{n}@example.com", display_name=f"Melder {n}")
        for n in range(3)
    ]


@pytest.fixture(autouse=True)
def _english(client):
    """These tests read the English texts (Danish is the default; its own tests check it)."""
    from django.utils import translation

    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield
