import pytest
from django.apps import apps
from django.core import mail
from django.urls import reverse

from accounts.deletion import account_delete
from accounts.models import DataExport, User
from moderation.models import ModerationDecision, Report
from moderation.services import decision_record
from projects.models import Project
from tests.factories import enrol_totp, totp_code

pytestmark = pytest.mark.django_db


def _rows_holding(text: str) -> list[str]:
    """Every row in every table (join tables included) whose values mention `text`."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for row in model._base_manager.values_list():
            if any(text.lower() in str(value).lower() for value in row):
                found.append(f"{model._meta.db_table}: {row}")
    return found


def test_deletion_leaves_no_row_holding_the_old_e_mail_address(
    client, citizen_with_content, moderator, django_capture_on_commit_callbacks
):
    user = citizen_with_content
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:export"))  # an export file and its row
    decision_record(obj=user, action="edit", actor=moderator, note="Profil rettet")
    assert _rows_holding("trafik@aarhus.dk")  # the search finds the address before

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:delete"), {"password": "correct-horse-battery"})
    assert response.status_code == 302

    assert _rows_holding("trafik@aarhus.dk") == []
    assert _rows_holding("Trafikafdelingen") == []  # nor the display name


def test_content_stays_and_shows_as_by_a_former_user(
    client, citizen_with_content, django_capture_on_commit_callbacks
):
    project = Project.objects.get(author=citizen_with_content)
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=citizen_with_content)
    response = client.get(project.get_absolute_url())
    assert "Tidligere bruger" in response.content.decode()
    client.cookies["django_language"] = "en"
    assert "Former user" in client.get(project.get_absolute_url()).content.decode()


def test_the_moderation_log_keeps_a_pseudonymous_id(moderator, alice):
    decision = decision_record(obj=alice, action="hide", actor=moderator)
    account_delete(user=moderator)
    decision.refresh_from_db()
    assert decision.actor_id == moderator.pk  # the same id …
    stand_in = User.objects.get(pk=moderator.pk)
    assert stand_in.email.endswith("@deleted.invalid")  # … of a person no longer there
    assert not stand_in.is_active and not stand_in.has_usable_password()
    assert not stand_in.groups.exists() and not stand_in.is_staff


def test_signing_in_fails_after_deletion(client, alice):
    account_delete(user=alice)
    response = client.post(
        reverse("account_login"),
        {"login": "alice@example.com", "password": "correct-horse-battery"},
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_deletion_signs_out_the_current_and_other_sessions(client, alice):
    other = type(client)()
    other.force_login(alice)
    client.force_login(alice)
    client.post(reverse("accounts:delete"), {"password": "correct-horse-battery"})
    assert "_auth_user_id" not in client.session
    response = other.get(reverse("accounts:profile"))
    assert response.status_code == 302  # the other browser is signed out too


def test_a_wrong_password_deletes_nothing(client, alice):
    client.force_login(alice)
    response = client.post(reverse("accounts:delete"), {"password": "not-my-password"})
    assert response.status_code == 200
    assert "Adgangskoden er ikke korrekt." in response.content.decode()
    assert User.objects.get(pk=alice.pk).email == "alice@example.com"


def test_an_enrolled_user_must_also_give_the_second_factor(client, alice):
    enrol_totp(alice)
    client.force_login(alice)
    response = client.post(reverse("accounts:delete"), {"password": "correct-horse-battery"})
    assert response.status_code == 200
    assert User.objects.get(pk=alice.pk).is_active
    response = client.post(
        reverse("accounts:delete"), {"password": "correct-horse-battery", "code": "000000"}
    )
    assert "Koden er ikke korrekt." in response.content.decode()
    response = client.post(
        reverse("accounts:delete"),
        {"password": "correct-horse-battery", "code": totp_code(alice)},
    )
    assert response.status_code == 302
    assert not User.objects.get(pk=alice.pk).is_active


def test_an_error_midway_leaves_nothing_half_deleted(
    alice, citizen_with_content, django_capture_on_commit_callbacks
):
    from accounts import personal_data

    user = citizen_with_content
    client_export = DataExport.objects.create(user=user, token="x" * 32)

    def fail(_user):
        raise RuntimeError("disk full")

    personal_data.register(
        "zz_failing", title="", description="", fields={}, export=list, erase=fail
    )
    try:
        with pytest.raises(RuntimeError):
            with django_capture_on_commit_callbacks(execute=True):
                account_delete(user=user)
    finally:
        personal_data._sections.pop("zz_failing")
    user.refresh_from_db()
    assert user.email == "trafik@aarhus.dk" and user.is_active
    assert Project.objects.filter(author=user).exists()
    assert Report.objects.get(reporter=user).text == "Forkert by"
    assert DataExport.objects.filter(pk=client_export.pk).exists()


def test_open_data_never_names_the_author(client, citizen_with_content):
    response = client.get("/api/v1/projects/geojson/")
    body = b"".join(response.streaming_content).decode()
    assert "Parkeringssensorer i Aarhus" in body
    assert "trafik@aarhus.dk" not in body


def test_a_deleted_moderators_decisions_still_read_as_human(moderator, alice):
    decision_record(obj=alice, action="hide", actor=moderator)
    account_delete(user=moderator)
    decision = ModerationDecision.objects.get(actor_id=moderator.pk)
    assert decision.automatic is False


def test_two_deleted_accounts_do_not_collide(alice, bob):
    account_delete(user=alice)
    account_delete(user=bob)
    assert User.objects.filter(is_active=False).count() == 2
    assert not [m for m in mail.outbox if any("@deleted.invalid" in to for to in m.to)]


def test_guides_stay_shown_as_by_a_former_user_and_lose_their_owner(
    client, citizen_with_content, django_capture_on_commit_callbacks
):
    from guides.models import Guide, GuideVersion

    guide = Guide.objects.get(owner=citizen_with_content)
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=citizen_with_content)
    guide.refresh_from_db()
    assert guide.owner is None and guide.is_public
    assert GuideVersion.objects.filter(guide=guide).count() == 2  # the content stays
    assert not GuideVersion.objects.filter(author=citizen_with_content).exists()
    for url in (guide.get_absolute_url(), reverse("guides:history", args=[guide.slug])):
        client.cookies["django_language"] = "da"
        assert "Tidligere bruger" in client.get(url).content.decode()
        client.cookies["django_language"] = "en"
        assert "Former user" in client.get(url).content.decode()


def test_a_guide_by_an_emptied_account_reads_as_by_a_former_user(client, citizen_with_content, bob):
    """An account row kept as an empty stand-in (no display name) reads as a former user on
    the history page, in the API and on the owner line, never as a blank."""
    from guides.models import Guide, GuideVersion

    guide = Guide.objects.get(owner=citizen_with_content)
    account_delete(user=bob)
    GuideVersion.objects.filter(guide=guide).update(author=bob)
    Guide.objects.filter(pk=guide.pk).update(owner=bob)
    history = client.get(reverse("guides:history", args=[guide.slug])).content.decode()
    assert "Tidligere bruger" in history
    page = client.get(guide.get_absolute_url()).content.decode()
    assert "Tidligere bruger" in page
    detail = client.get(reverse("api:guides-detail", args=[guide.slug])).json()
    assert detail["versions"][0]["author"] is None
