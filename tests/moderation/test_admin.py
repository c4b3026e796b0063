import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import MODERATORS_GROUP
from moderation.models import BlockedTerm, ModerationDecision, RejectionTemplate, Report
from moderation.services import decision_record, report_create
from places.models import Municipality
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_client(client, moderator):
    moderator.is_staff = True
    moderator.save(update_fields=["is_staff"])
    client.force_login(moderator)
    return client


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(email="root@example.com", is_staff=True, is_superuser=True))
    return client


def test_the_log_lists_decisions_with_content_actor_and_reasons(
    moderator_client, moderator, aarhus
):
    decision_record(
        obj=aarhus,
        action="reject",
        actor=moderator,
        score=7.5,
        reasons=[{"code": "x", "message_da": "Indeholder blokerede ord: casino"}],
    )
    decision_record(obj=aarhus, action="review")
    response = moderator_client.get(reverse("admin:moderation_moderationdecision_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Indeholder blokerede ord: casino" in page
    assert "system" in page
    assert reverse("admin:places_municipality_change", args=[aarhus.pk]) in page
    assert "Aarhus" in page
    assert "7.5" in page or "7,5" in page


def test_the_log_cannot_be_added_to_changed_or_deleted(superuser_client, aarhus):
    decision = decision_record(obj=aarhus, action="review", note="original")
    add = superuser_client.get(reverse("admin:moderation_moderationdecision_add"))
    assert add.status_code == 403
    change_url = reverse("admin:moderation_moderationdecision_change", args=[decision.pk])
    page = superuser_client.get(change_url)
    assert page.status_code == 200  # a view-only page
    assert 'name="_save"' not in page.content.decode()
    assert "original" in page.content.decode()
    assert reverse("admin:places_municipality_change", args=[aarhus.pk]) in page.content.decode()
    post = superuser_client.post(change_url, {"action": "publish", "note": "changed"})
    assert post.status_code == 403
    delete = superuser_client.post(
        reverse("admin:moderation_moderationdecision_delete", args=[decision.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    decision.refresh_from_db()
    assert (decision.action, decision.note) == ("review", "original")


def test_the_log_has_no_bulk_delete_action(superuser_client, aarhus):
    decision_record(obj=aarhus, action="review")
    response = superuser_client.get(reverse("admin:moderation_moderationdecision_changelist"))
    assert "delete_selected" not in response.content.decode()


def test_the_log_filters_by_action_and_content_type(moderator_client, alice, aarhus):
    decision_record(obj=aarhus, action="reject")
    decision_record(obj=alice, action="publish")
    url = reverse("admin:moderation_moderationdecision_changelist")
    response = moderator_client.get(url, {"action": "reject"})
    assert list(response.context["cl"].result_list.values_list("action", flat=True)) == ["reject"]


def test_the_log_page_costs_the_same_queries_for_many_rows(moderator_client, moderator):
    url = reverse("admin:moderation_moderationdecision_changelist")

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert moderator_client.get(url).status_code == 200
        return len(queries)

    municipalities = list(Municipality.objects.all()[:30])
    for municipality in municipalities[:3]:
        decision_record(obj=municipality, action="review", actor=moderator)
    moderator_client.get(url)  # warm the content-type cache
    few = queries_for_page()
    for municipality in municipalities[3:]:
        decision_record(obj=municipality, action="review", actor=moderator)
    decision_record(obj=moderator, action="edit")  # a second content type: one more query
    # The decisions come with actor and content type in one query, and the objects shown are
    # fetched with one query per content type, not one per row.
    assert queries_for_page() == few + 1


def test_the_history_inline_shows_an_objects_decisions_read_only(client, aarhus, settings):
    settings.ROOT_URLCONF = "tests.moderation.admin_urls"
    client.force_login(UserFactory(email="root@example.com", is_staff=True, is_superuser=True))
    decision_record(obj=aarhus, action="reject", reasons=["Spam-link"], score=8.0)
    decision_record(obj=Municipality.objects.get(code="101"), action="publish")
    response = client.get(f"/inlinetest/places/municipality/{aarhus.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Spam-link" in page
    formset = next(
        f
        for f in response.context["inline_admin_formsets"]
        if f.formset.model is ModerationDecision
    )
    assert len(formset.formset.queryset) == 1
    assert not formset.has_add_permission
    assert not formset.has_change_permission
    assert not formset.has_delete_permission


def test_moderators_may_edit_blocked_terms_and_templates_but_not_the_log(moderator):
    group = Group.objects.get(name=MODERATORS_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"change_blockedterm", "add_rejectiontemplate", "view_moderationdecision"} <= codenames
    assert "change_moderationdecision" not in codenames
    assert "delete_moderationdecision" not in codenames
    assert moderator.has_perm("moderation.change_report")


def test_a_moderator_switches_a_term_off_in_the_list(moderator_client):
    term = BlockedTerm.objects.get(term="viagra", language="en")
    url = reverse("admin:moderation_blockedterm_changelist")
    response = moderator_client.get(url, {"q": "viagra", "language__exact": "en"})
    assert response.status_code == 200
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(term.pk),
        "_save": "Save",
    }  # "active" left out: the checkbox is unticked
    response = moderator_client.post(url + "?q=viagra&language__exact=en", data)
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.active is False


def test_reports_are_listed_with_their_content_and_can_be_resolved(
    moderator_client, moderator, alice, bob, aarhus
):
    report_create(obj=aarhus, reporter=alice, reason="spam", text="Reklame for noget")
    report_create(obj=aarhus, reporter=bob, reason="offensive", text="")
    url = reverse("admin:moderation_report_changelist")
    page = moderator_client.get(url, {"state": "open"}).content.decode()
    assert "Reklame for noget" in page
    assert reverse("admin:places_municipality_change", args=[aarhus.pk]) in page
    first = Report.objects.first()
    response = moderator_client.post(
        url, {"action": "resolve", "_selected_action": [first.pk]}, follow=True
    )
    assert response.status_code == 200
    assert Report.objects.filter(resolved_at__isnull=True).count() == 0
    assert set(Report.objects.values_list("resolved_by", flat=True)) == {moderator.pk}


def test_the_default_rejection_templates_are_there_in_both_languages():
    titles = set(RejectionTemplate.objects.values_list("title", flat=True))
    assert {"Spam", "Ikke et Smart City-projekt", "Personoplysninger", "Dublet"} <= titles
    spam = RejectionTemplate.objects.get(title="Spam")
    assert spam.text_for("en").startswith("Your submission")
    assert spam.text_for("da").startswith("Dit indlæg")


def test_a_moderator_tries_a_text_against_the_lists(moderator_client):
    url = reverse("admin:moderation_blockedterm_try")
    assert (
        url
        in moderator_client.get(reverse("admin:moderation_blockedterm_changelist")).content.decode()
    )
    response = moderator_client.post(
        url, {"kind": "project", "title": "Gratis", "text": "Online casino med free spins"}
    )
    assert response.status_code == 200
    result = response.context["result"]
    assert result.codes == ("blocked_word", "too_short")
    page = response.content.decode()
    assert "Indeholder blokerede ord: free spins, online casino" in page
    # two blocked words (5.0) and too short (1.5) reach the reject score (6.0)
    assert response.context["verdicts"] == {"citizen": "Afvis", "trusted": "Afvis"}
    assert not ModerationDecision.objects.exists()  # nothing is saved


def test_trying_needs_the_text_and_says_so(moderator_client):
    response = moderator_client.post(
        reverse("admin:moderation_blockedterm_try"), {"kind": "project", "text": ""}
    )
    assert response.context["result"] is None
    assert 'aria-describedby="id_text_errors"' in response.content.decode()


def test_a_citizen_cannot_try_the_screening(client, alice):
    client.force_login(alice)
    response = client.get(reverse("admin:moderation_blockedterm_try"))
    assert response.status_code == 302  # to the admin login


def test_switching_terms_off_in_bulk_takes_effect_at_once(moderator_client):
    from moderation import rules

    assert rules.active_terms()[0]  # cached now
    terms = BlockedTerm.objects.filter(term__in=["casino", "forex"])
    moderator_client.post(
        reverse("admin:moderation_blockedterm_changelist"),
        {"action": "deactivate", "_selected_action": [t.pk for t in terms]},
    )
    assert not BlockedTerm.objects.filter(term__in=["casino", "forex"], active=True).exists()
    assert "casino" not in rules.active_terms()[0]
