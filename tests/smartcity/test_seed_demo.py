import pytest
from django.core.management import call_command

from accounts.models import User
from accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_one_user_per_role_and_can_run_twice(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    roles = {u.email: u.role for u in User.objects.all()}
    assert roles["admin@example.com"] == Role.ADMIN
    assert roles["moderator@example.com"] == Role.MODERATOR
    assert roles["trafik@aarhus.dk"] == Role.MUNICIPAL_STAFF
    assert roles["borger@example.com"] == Role.CITIZEN
    assert User.objects.count() == 5
    out = capsys.readouterr().out
    password = out.strip().splitlines()[-5].split()[-1]
    assert User.objects.get(email="admin@example.com").check_password(password)


def test_seed_demo_never_prints_or_sets_a_password_in_production_mode(settings, capsys):
    settings.DEBUG = False
    call_command("seed_demo")
    assert "admin@example.com" not in capsys.readouterr().out
    assert not User.objects.get(email="admin@example.com").has_usable_password()
