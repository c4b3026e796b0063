"""One date format per language, everywhere."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from django.utils.formats import date_format

from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

MOMENT = datetime(2026, 12, 2, 18, 50, tzinfo=ZoneInfo("Europe/Copenhagen"))


@pytest.mark.parametrize(
    ("language", "date", "date_and_time"),
    [
        ("da", "2. december 2026", "2. december 2026 kl. 18.50"),
        ("en", "2 December 2026", "2 December 2026, 18:50"),
    ],
)
def test_each_language_has_one_date_format(language, date, date_and_time):
    with translation.override(language):
        assert date_format(MOMENT, "DATE_FORMAT") == date
        assert date_format(MOMENT, "SHORT_DATE_FORMAT") == date
        assert date_format(MOMENT, "DATETIME_FORMAT") == date_and_time
        assert date_format(MOMENT, "SHORT_DATETIME_FORMAT") == date_and_time


@pytest.mark.parametrize(
    ("language", "date"), [("da", "2. december 2026"), ("en", "2 December 2026")]
)
def test_my_submissions_write_the_date_like_the_rest_of_the_site(client, alice, language, date):
    project = ProjectFactory(author=alice)
    type(project).objects.filter(pk=project.pk).update(created_at=MOMENT)
    alice.language = language
    alice.save(update_fields=["language"])
    client.force_login(alice)
    assert date in client.get("/projects/mine/").content.decode()


def test_forum_times_in_english_are_day_month_year_and_24_hours(client, staff_user):
    from forum import services
    from forum.models import Category, Post, Thread

    thread = services.thread_create(
        author=staff_user,
        category=Category.objects.get(slug="smart-parkering"),
        title="Sensorer i P-huse",
        body="Hvem har prøvet det?",
        enforce_rate_limit=False,
    )
    Post.objects.filter(thread=thread).update(created_at=MOMENT)
    Thread.objects.filter(pk=thread.pk).update(last_post_at=MOMENT, state="published")
    Post.objects.filter(thread=thread).update(state="published")
    client.cookies["django_language"] = "en"
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "2 December 2026, 18:50" in page
    assert "12/02/2026" not in page
