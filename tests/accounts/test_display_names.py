import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from accounts.display_names import display_name_key
from accounts.models import User
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

TAKEN = "Sofie Byudvikler"


def test_the_key_folds_case_accents_spacing_and_invisible_characters():
    key = display_name_key(TAKEN)

    assert display_name_key("  sofie   BYUDVIKLER ") == key
    assert display_name_key("Sófie Byüdvikler") == key
    assert display_name_key("Sofie\u200b Byudvikler") == key
    assert display_name_key("Søren Ærø") == display_name_key("soren aero")
    assert display_name_key("Sofie Byudvikleren") != key


@pytest.mark.parametrize("spelling", ["sofie byudvikler", "SÓFIE  Byudvikler"])
def test_sign_up_refuses_another_members_name_in_any_spelling(client, spelling):
    UserFactory(display_name=TAKEN)

    response = client.post(
        reverse("account_signup"),
        {
            "email": "ny@example.com",
            "display_name": spelling,
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
    )

    assert response.status_code == 200
    assert "En anden bruger har allerede dette visningsnavn" in response.content.decode()
    assert not User.objects.filter(email="ny@example.com").exists()


def test_a_member_cannot_rename_themselves_to_another_members_name(client, alice):
    UserFactory(display_name=TAKEN)
    client.force_login(alice)

    response = client.post(
        reverse("accounts:profile"), {"display_name": "sofie byudvikler", "language": "da"}
    )

    assert response.status_code == 200
    assert "En anden bruger har allerede dette visningsnavn" in response.content.decode()
    alice.refresh_from_db()
    assert alice.display_name != "sofie byudvikler"


def test_a_member_may_change_the_case_of_their_own_name(client, alice):
    client.force_login(alice)

    response = client.post(
        reverse("accounts:profile"), {"display_name": alice.display_name.upper(), "language": "da"}
    )

    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.display_name_key == display_name_key(alice.display_name)


def test_admin_refuses_a_taken_name_with_a_message(admin_client, alice):
    UserFactory(display_name=TAKEN)

    response = admin_client.post(
        reverse("admin:accounts_user_change", args=[alice.pk]),
        {
            "email": alice.email,
            "display_name": "SOFIE BYUDVIKLER",
            "language": "da",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        },
    )

    assert response.status_code == 200
    alice.refresh_from_db()
    assert alice.display_name != "SOFIE BYUDVIKLER"


def test_the_database_holds_one_member_per_name():
    from django.db import IntegrityError, transaction

    UserFactory(display_name=TAKEN)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="x@example.com", display_name="sofie byudvikler")


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_later_namesakes_a_number():
    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", "0004_language")])
    old_apps = executor.loader.project_state([("accounts", "0004_language")]).apps
    OldUser = old_apps.get_model("accounts", "User")
    first = OldUser.objects.create(email="a@example.com", display_name=TAKEN)
    second = OldUser.objects.create(email="b@example.com", display_name="sofie byudvikler")
    third = OldUser.objects.create(email="c@example.com", display_name="Sófie Byudvikler")
    other = OldUser.objects.create(email="d@example.com", display_name="Jens")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    names = dict(User.objects.values_list("pk", "display_name"))
    assert names[first.pk] == TAKEN
    assert names[second.pk] == "sofie byudvikler 2"
    assert names[third.pk] == "Sófie Byudvikler 3"
    assert names[other.pk] == "Jens"
    assert User.objects.filter(display_name_key__isnull=True).count() == 0


def test_verified_staff_are_marked_where_their_name_appears(client, staff_user, alice):
    by_staff = ProjectFactory(author=staff_user)
    by_citizen = ProjectFactory(author=alice)

    staff_page = client.get(by_staff.get_absolute_url()).content.decode()
    citizen_page = client.get(by_citizen.get_absolute_url()).content.decode()

    assert "Verificeret kommunal medarbejder" in staff_page
    assert staff_user.display_name in staff_page
    assert alice.display_name in citizen_page
    assert "Verificeret kommunal medarbejder" not in citizen_page
