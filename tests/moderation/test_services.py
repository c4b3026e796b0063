import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import override

from moderation.models import ModerationDecision, Report
from moderation.screening import Content, screen
from moderation.selectors import (
    decisions_for,
    open_reports_for,
    with_open_report_counts,
)
from moderation.services import (
    AlreadyReported,
    decision_record,
    report_create,
    reports_resolve,
)
from places.models import Municipality
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_system_decision_is_recorded_for_any_model(aarhus):
    result = screen(Content(kind="project", texts={"title": "Ring 12 34 56 78"}, author=None))
    decision = decision_record(
        obj=aarhus, action="review", reasons=result.as_json(), score=result.score
    )
    decision.refresh_from_db()
    assert decision.content_object == aarhus
    assert decision.content_type == ContentType.objects.get_for_model(Municipality)
    assert decision.actor is None
    assert decision.actor_label == "system"
    assert decision.score == result.score
    assert sorted(r["code"] for r in decision.reasons) == ["personal_data.phone", "too_short"]


def test_a_human_decision_records_the_actor_and_note(alice, moderator):
    decision = decision_record(obj=alice, action="hide", actor=moderator, note="Spam-profil")
    assert decision.actor == moderator
    assert decision.actor_label == "Mod"
    assert decision.note == "Spam-profil"
    assert decision.reasons == []


def test_string_reasons_are_stored_in_the_same_shape(aarhus):
    decision = decision_record(
        obj=aarhus, action="review", reasons=["geocoding.failed", "Adressen blev ikke fundet"]
    )
    assert decision.reasons == [
        {
            "code": "geocoding.failed",
            "message_da": "geocoding.failed",
            "message_en": "geocoding.failed",
            "weight": 0.0,
            "blocks_publication": False,
        },
        {
            "code": "text",
            "message_da": "Adressen blev ikke fundet",
            "message_en": "Adressen blev ikke fundet",
            "weight": 0.0,
            "blocks_publication": False,
        },
    ]


def test_a_screening_result_can_be_recorded_directly(aarhus):
    result = screen(Content(kind="project", texts={"title": "kort"}, author=None))
    decision = decision_record(obj=aarhus, action="review", reasons=result)
    assert decision.score == result.score
    assert decision.reasons == result.as_json()


def test_reason_messages_follow_the_active_language(aarhus):
    result = screen(Content(kind="project", texts={"title": "kort"}, author=None))
    decision = decision_record(obj=aarhus, action="review", reasons=result.as_json())
    with override("da"):
        assert decision.reason_messages[0].startswith("Meget kort")
    with override("en"):
        assert decision.reason_messages[0].startswith("Very short")


def test_decisions_for_lists_one_objects_history_newest_first(alice, bob, aarhus):
    first = decision_record(obj=alice, action="review")
    second = decision_record(obj=alice, action="publish", actor=bob)
    decision_record(obj=bob, action="reject")  # another object of the same type
    decision_record(obj=aarhus, action="reject", actor=bob)  # same id range, another type
    assert list(decisions_for(alice)) == [second, first]


def test_decisions_for_fetches_the_actors_in_the_same_query(alice, bob, django_assert_num_queries):
    for _ in range(3):
        decision_record(obj=alice, action="edit", actor=bob)
    ContentType.objects.get_for_model(alice)  # warm the content-type cache
    # 1. the decisions joined with their actors
    with django_assert_num_queries(1):
        labels = [decision.actor_label for decision in decisions_for(alice)]
    assert labels == ["Bob", "Bob", "Bob"]


def test_a_user_reports_an_object_once(alice, aarhus):
    report, count = report_create(obj=aarhus, reporter=alice, reason="spam", text="  Reklame  ")
    assert (report.reason, report.text, report.is_open) == ("spam", "Reklame", True)
    assert count == 1
    with pytest.raises(AlreadyReported):
        report_create(obj=aarhus, reporter=alice, reason="other", text="igen")
    assert Report.objects.count() == 1


def test_a_resolved_report_still_counts_as_reported(alice, moderator, aarhus):
    report_create(obj=aarhus, reporter=alice, reason="spam", text="")
    reports_resolve(obj=aarhus, by=moderator)
    with pytest.raises(AlreadyReported):
        report_create(obj=aarhus, reporter=alice, reason="spam", text="")


def test_the_count_is_of_distinct_users_with_open_reports(alice, bob, moderator, aarhus):
    charlie = UserFactory(email="charlie@example.com")
    assert report_create(obj=aarhus, reporter=alice, reason="spam", text="")[1] == 1
    assert report_create(obj=aarhus, reporter=bob, reason="offensive", text="")[1] == 2
    reports_resolve(obj=aarhus, by=moderator)
    assert report_create(obj=aarhus, reporter=charlie, reason="spam", text="")[1] == 1


def test_reports_on_other_objects_do_not_count(alice, bob, aarhus):
    copenhagen = Municipality.objects.get(code="101")
    report_create(obj=copenhagen, reporter=alice, reason="spam", text="")
    report_create(obj=bob, reporter=alice, reason="spam", text="")
    assert report_create(obj=aarhus, reporter=bob, reason="spam", text="")[1] == 1


def test_an_unknown_reason_is_refused(alice, aarhus):
    with pytest.raises(ValueError):
        report_create(obj=aarhus, reporter=alice, reason="boring", text="")
    assert not Report.objects.exists()


def test_resolving_closes_the_open_reports_and_says_how_many(alice, bob, moderator, aarhus):
    report_create(obj=aarhus, reporter=alice, reason="spam", text="")
    report_create(obj=aarhus, reporter=bob, reason="spam", text="")
    assert [r.reporter for r in open_reports_for(aarhus)] == [alice, bob]
    assert reports_resolve(obj=aarhus, by=moderator) == 2
    assert list(open_reports_for(aarhus)) == []
    assert set(Report.objects.values_list("resolved_by", flat=True)) == {moderator.pk}
    assert reports_resolve(obj=aarhus, by=moderator) == 0


def test_open_report_counts_annotate_any_queryset(alice, bob, moderator, aarhus):
    copenhagen = Municipality.objects.get(code="101")
    report_create(obj=aarhus, reporter=alice, reason="spam", text="")
    report_create(obj=aarhus, reporter=bob, reason="spam", text="")
    report_create(obj=copenhagen, reporter=alice, reason="spam", text="")
    reports_resolve(obj=copenhagen, by=moderator)
    counts = dict(
        with_open_report_counts(
            Municipality.objects.filter(code__in=["751", "101", "461"])
        ).values_list("code", "open_reports")
    )
    assert counts == {"751": 2, "101": 0, "461": 0}


def test_decisions_are_kept_when_the_actor_is_deleted(alice, bob):
    decision = decision_record(obj=alice, action="hide", actor=bob)
    bob.delete()
    decision.refresh_from_db()
    assert decision.actor is None
    with override("en"):
        assert decision.actor_label == "deleted user"
    assert ModerationDecision.objects.count() == 1
