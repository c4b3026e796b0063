import pytest

from moderation.screening import Reason, ScreeningResult, Verdict, decide, is_trusted
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def result(*reasons: Reason) -> ScreeningResult:
    return ScreeningResult(score=sum(r.weight for r in reasons), reasons=tuple(reasons))


def reason(weight: float, *, blocks: bool = False) -> Reason:
    return Reason("test", "test", "test", weight, blocks)


def test_a_trusted_author_with_clean_content_is_published():
    assert decide(result(), trusted=True) == Verdict.PUBLISH


def test_a_trusted_author_with_a_light_signal_is_still_published(settings):
    settings.MODERATION_REVIEW_SCORE = 1.0
    assert decide(result(reason(0.5)), trusted=True) == Verdict.PUBLISH


def test_a_citizen_with_clean_content_waits_for_review():
    assert decide(result(), trusted=False) == Verdict.REVIEW


def test_a_trusted_author_at_the_review_score_waits_for_review(settings):
    settings.MODERATION_REVIEW_SCORE = 1.0
    assert decide(result(reason(1.0)), trusted=True) == Verdict.REVIEW


def test_personal_data_is_never_published_automatically():
    assert decide(result(reason(0.1, blocks=True)), trusted=True) == Verdict.REVIEW


def test_obvious_spam_is_rejected_whoever_wrote_it(settings):
    settings.MODERATION_REJECT_SCORE = 6.0
    spam = result(reason(3.0), reason(3.0))
    assert decide(spam, trusted=True) == Verdict.REJECT
    assert decide(spam, trusted=False) == Verdict.REJECT


def test_just_below_the_reject_score_is_reviewed(settings):
    settings.MODERATION_REJECT_SCORE = 6.0
    assert decide(result(reason(5.9)), trusted=False) == Verdict.REVIEW


def test_verified_municipal_staff_are_trusted(staff_user):
    assert is_trusted(staff_user, published_count=0)


def test_moderators_are_trusted(moderator):
    assert is_trusted(moderator, published_count=0)


def test_a_new_citizen_is_not_trusted(alice):
    assert not is_trusted(alice, published_count=0)


def test_a_citizen_becomes_trusted_after_enough_published_items(alice, settings):
    settings.MODERATION_TRUSTED_AFTER = 3
    assert not is_trusted(alice, published_count=2)
    assert is_trusted(alice, published_count=3)


def test_staff_of_a_municipality_who_are_not_verified_are_not_trusted(aarhus):
    unverified = UserFactory(email="ukendt@aarhus.dk", municipality=aarhus)
    assert not is_trusted(unverified, published_count=0)


def test_a_deactivated_user_and_no_user_are_not_trusted(staff_user):
    staff_user.is_active = False
    assert not is_trusted(staff_user, published_count=10)
    assert not is_trusted(None, published_count=10)
