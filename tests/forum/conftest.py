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


def _published(post):
    """Test set-up posts fast; when the screening engine queues a post (velocity), a moderator
    publishes it, so fixtures give published content unless asked otherwise."""
    if post.state != "published":
        from accounts.services import user_make_moderator
        from tests.factories import UserFactory

        moderator = user_make_moderator(
            user=UserFactory(email="fixture-moderator@example.com", display_name="Fixture")
        )
        services.post_publish(post=post, by=moderator)
        post.refresh_from_db()
    return post


@pytest.fixture
def make_thread(db):
    def make(
        author,
        category,
        title="Erfaringer med parkeringssensorer",
        body="Hvem har prøvet det?",
        publish=True,
        **kwargs,
    ):
        thread = services.thread_create(
            author=author,
            category=category,
            title=title,
            body=body,
            enforce_rate_limit=False,
            **kwargs,
        )
        if publish:
            _published(thread.first_post)
            thread.refresh_from_db()
        return thread

    return make


@pytest.fixture
def reply(db):
    def make(author, thread, body="Vi har gode erfaringer med det.", publish=True, **kwargs):
        post = services.post_create(
            author=author, thread=thread, body=body, enforce_rate_limit=False, **kwargs
        )
        return _published(post) if publish else post

    return make


WORDS = [
    "parkering", "sensorer", "belysning", "rundkørsel", "tælling", "data", "udbud",
    "kabler", "gateway", "batteri", "platform", "kort", "leverandør", "drift", "borgere",
    "pilot", "vejledning", "skilte", "app", "måling",
]  # fmt: skip


def distinct_text(n: int) -> str:
    """A short Danish text that differs clearly from distinct_text(m) for m != n, so the
    screening engine's duplicate rule does not flag test posts."""
    import random

    rng = random.Random(n)
    return " ".join(rng.sample(WORDS, 8)).capitalize() + "."
