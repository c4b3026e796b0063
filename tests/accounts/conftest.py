import pytest

from tests.factories import EventFactory, ProjectFactory


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def citizen_with_content(db, staff_user, moderator):
    """A municipal staff member with a project, a forum thread, an event registration, a
    report, an adoption, a subscription, a published guide they own (with a linked catalogue
    dataset) and a proposed edit to it."""
    from events.services import registration_create
    from forum import services as forum
    from forum.models import Category, Subscription
    from moderation.services import report_create
    from places.models import Municipality
    from projects.models import Adoption

    ProjectFactory(author=staff_user, title="Parkeringssensorer i Aarhus")
    thread = forum.thread_create(
        author=staff_user,
        category=Category.objects.get(slug="smart-parkering"),
        title="Sensorer i sne",
        body="Hvordan klarer parkeringssensorerne sig i sne og frost?",
        enforce_rate_limit=False,
    )
    Subscription.objects.get_or_create(user=staff_user, category=thread.category)
    event = EventFactory(title="Datadag i Aarhus")
    registration_create(event=event, user=staff_user)
    other = ProjectFactory(title="Trafiklys i Odense")
    report_create(obj=other, reporter=staff_user, reason="misleading", text="Forkert by")
    Adoption.objects.create(
        project=other,
        municipality=Municipality.objects.get(code="751"),
        created_by=staff_user,
        note="Vi bruger det også",
    )
    from guides import services as guides
    from tests.catalogue.conftest import add_dataset
    from tests.guides.conftest import guide_data

    dataset = add_dataset(title="Parkeringspladser i Aarhus")
    version = guides.guide_submit(
        author=staff_user,
        data=guide_data(title="Kom i gang med gadelys", links=f"/datasets/{dataset.slug}/"),
    )
    guides.version_publish(version=version, by=moderator)
    guides.guide_submit(
        author=staff_user,
        data=guide_data(title="Kom i gang med LED-gadelys", change_note="Ny titel"),
        guide=version.guide,
    )
    return staff_user
