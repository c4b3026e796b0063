import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from guides import services
from guides.models import Guide, GuideVersion
from moderation.models import ModerationDecision
from tests.factories import PublishedProjectFactory
from tests.guides.conftest import guide_data

pytestmark = pytest.mark.django_db


def test_a_staff_draft_is_screened_and_waits_for_a_moderator(staff_user):
    version = services.guide_submit(author=staff_user, data=guide_data())

    assert version.state == GuideVersion.State.NEEDS_REVIEW
    assert version.number == 1
    assert not version.guide.is_public  # nothing is public before a moderator publishes
    assert version.guide.owner == staff_user
    decision = ModerationDecision.objects.get(object_id=version.pk)
    assert decision.action == "review" and decision.automatic


def test_a_citizen_cannot_write_a_guide(alice):
    with pytest.raises(PermissionDenied):
        services.guide_submit(author=alice, data=guide_data())
    assert not Guide.objects.exists()


def test_an_empty_step_list_is_refused_in_danish_and_nothing_is_saved(staff_user):
    with translation.override("da"), pytest.raises(ValidationError) as error:
        services.guide_submit(author=staff_user, data=guide_data(steps="  \n \n"))
    assert error.value.message_dict["steps"] == ["Angiv mindst ét trin, ét pr. linje."]
    assert not Guide.objects.exists() and not GuideVersion.objects.exists()


def test_an_empty_step_list_is_refused_in_english(staff_user):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.guide_submit(author=staff_user, data=guide_data(steps=""))
    assert error.value.message_dict["steps"] == ["Give at least one step, one a line."]


def test_steps_lose_their_numbering_and_keep_their_order(staff_user):
    version = services.guide_submit(
        author=staff_user, data=guide_data(steps="1. Første\n2) Anden\n- Tredje")
    )
    assert version.steps == ["Første", "Anden", "Tredje"]


def test_script_in_a_guide_is_sanitised(staff_user):
    body = (
        "## Intro\n\n<script>alert(1)</script>\n\n[klik](javascript:alert(2))\n\n"
        '<img src=x onerror="alert(3)">'
    )
    version = services.guide_submit(
        author=staff_user, data=guide_data(body=body, pitfalls="<script>x()</script>")
    )
    for html in (version.body_html, version.pitfalls_html):
        assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;" in version.body_html  # shown as text, never run


def test_headings_get_ids_and_make_the_table_of_contents(staff_user):
    version = services.guide_submit(
        author=staff_user, data=guide_data(body="# Første del\n\n## Første del\n\n### Detaljer")
    )
    assert version.toc == [
        {"level": 2, "id": "foerste-del", "text": "Første del"},
        {"level": 2, "id": "foerste-del-2", "text": "Første del"},
        {"level": 3, "id": "detaljer", "text": "Detaljer"},
    ]
    assert '<h2 id="foerste-del">Første del</h2>' in version.body_html


def test_linking_something_that_is_not_public_is_refused(staff_user):
    with translation.override("da"), pytest.raises(ValidationError) as error:
        services.guide_submit(author=staff_user, data=guide_data(links="/projects/findes-ikke/"))
    assert "findes-ikke" in error.value.message_dict["links"][0]
    with pytest.raises(ValidationError) as error:
        services.guide_submit(author=staff_user, data=guide_data(links="https://example.com/x"))
    assert "links" in error.value.message_dict
    assert not GuideVersion.objects.exists()


def test_a_moderator_publishes_and_the_author_is_told_in_their_language(
    staff_user, moderator, django_capture_on_commit_callbacks
):
    staff_user.language = "en"
    staff_user.save(update_fields=["language"])
    project = PublishedProjectFactory(title="LED i Aarhus")
    version = services.guide_submit(
        author=staff_user, data=guide_data(links=f"http://x/projects/{project.slug}/")
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.version_publish(version=version, by=moderator)

    guide = Guide.objects.get()
    assert guide.current_da == version and guide.is_public
    assert list(guide.projects.all()) == [project]
    assert [t.slug for t in guide.themes.all()] == ["gadebelysning"]
    assert [area.slug for area in guide.data_areas.all()] == [
        "gadebelysning",
        "energi-i-bygninger",
    ]
    assert guide.last_reviewed_on is not None and not guide.is_stale
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == 'Your guide "Kom i gang med gadelys" is published'


def test_only_moderators_publish(staff_user):
    version = services.guide_submit(author=staff_user, data=guide_data())
    with pytest.raises(PermissionDenied):
        services.version_publish(version=version, by=staff_user)
    version.refresh_from_db()
    assert version.state == GuideVersion.State.NEEDS_REVIEW


def test_returning_needs_a_reason_which_the_author_gets_in_danish(
    staff_user, moderator, django_capture_on_commit_callbacks
):
    version = services.guide_submit(author=staff_user, data=guide_data())
    with translation.override("en"), pytest.raises(ValidationError):
        services.version_return(version=version, by=moderator, reason="  ")
    version.refresh_from_db()
    assert version.state == GuideVersion.State.NEEDS_REVIEW and not mail.outbox

    with django_capture_on_commit_callbacks(execute=True):
        services.version_return(version=version, by=moderator, reason="Tilføj priser.")
    version.refresh_from_db()
    assert version.state == GuideVersion.State.RETURNED
    assert mail.outbox[0].subject == 'Din guide "Kom i gang med gadelys" er sendt tilbage til dig'
    assert "Begrundelse: Tilføj priser." in mail.outbox[0].body
    assert not version.guide.is_public


def test_a_proposed_edit_waits_while_the_published_text_stays(
    published_guide, staff_user, moderator
):
    first = published_guide.current_da
    edit = services.guide_submit(
        author=staff_user,
        data=guide_data(title="Kom i gang med smart gadelys", change_note="Ny titel"),
        guide=published_guide,
    )
    published_guide.refresh_from_db()
    assert edit.number == 2 and published_guide.current_da == first

    services.version_publish(version=edit, by=moderator)
    published_guide.refresh_from_db()
    assert published_guide.current_da == edit
    assert list(published_guide.versions.values_list("number", "state")) == [
        (2, "published"),
        (1, "published"),
    ]


def test_a_guide_not_reviewed_for_a_year_is_stale_until_a_moderator_reviews_it(
    published_guide, moderator
):
    from datetime import timedelta

    from django.utils import timezone

    from guides.selectors import stale_guides

    Guide.objects.filter(pk=published_guide.pk).update(
        last_reviewed_on=timezone.localdate() - timedelta(days=366)
    )
    published_guide.refresh_from_db()
    assert published_guide.is_stale and stale_guides() == [published_guide]

    services.guide_mark_reviewed(guide=published_guide, by=moderator)
    assert not published_guide.is_stale and stale_guides() == []
