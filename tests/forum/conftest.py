import pytest

from forum import services
from forum.models import Category


@pytest.fixture
def public_category(db):
    return Category.objects.get(slug="smart-parkering")


@pytest.fixture
def staff_category(db):
    return Category.objects.get(slug="indkoeb")


@pytest.fixture
def colleague(db):
    """Verified staff of Copenhagen Municipality."""
    from accounts.services import user_make_staff_of
    from places.models import Municipality
    from tests.factories import UserFactory

    user = UserFactory(email="byudvikling@kk.dk", display_name="Sofie Byudvikler")
    return user_make_staff_of(user=user, municipality=Municipality.objects.get(code="101"))


@pytest.fixture
def make_thread(db):
    def make(
        author,
        category,
        title="Erfaringer med parkeringssensorer",
        body="Hvem har prøvet det?",
        **kwargs,
    ):
        return services.thread_create(
            author=author,
            category=category,
            title=title,
            body=body,
            enforce_rate_limit=False,
            **kwargs,
        )

    return make


@pytest.fixture
def reply(db):
    def make(author, thread, body="Vi har gode erfaringer med det.", **kwargs):
        return services.post_create(
            author=author, thread=thread, body=body, enforce_rate_limit=False, **kwargs
        )

    return make
