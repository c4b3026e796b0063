"""Demo users, one for each role, for the local demo site and seed_demo."""

import secrets

from allauth.account.models import EmailAddress

from places.models import Municipality

from .models import User
from .services import user_make_moderator, user_make_staff_of

DEMO_USERS = [
    # (e-mail, display name, role)
    ("admin@example.com", "Demo-administrator", "admin"),
    ("moderator@example.com", "Mona Moderator", "moderator"),
    ("trafik@aarhus.dk", "Jens Trafikplanlægger", "staff"),
    ("byudvikling@kk.dk", "Sofie Byudvikler", "staff"),
    ("borger@example.com", "Karen Borger", "citizen"),
]
STAFF_MUNICIPALITIES = {"aarhus.dk": "751", "kk.dk": "101"}


def seed_users(*, set_passwords: bool) -> dict[str, str]:
    """Create or refresh the demo users. Returns {e-mail: password} when set_passwords.

    Passwords are random on every run and only set when the caller says so (local mode);
    otherwise the accounts get unusable passwords.
    """
    passwords = {}
    for email, display_name, role in DEMO_USERS:
        user, _created = User.objects.get_or_create(
            email=email, defaults={"display_name": display_name}
        )
        if set_passwords:
            passwords[email] = secrets.token_urlsafe(12)
            user.set_password(passwords[email])
        else:
            user.set_unusable_password()
        user.is_superuser = role == "admin"
        user.is_staff = role == "admin"
        user.save(update_fields=["password", "is_superuser", "is_staff"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if role == "moderator":
            user_make_moderator(user=user)
        if role == "staff":
            code = STAFF_MUNICIPALITIES[email.partition("@")[2]]
            user_make_staff_of(user=user, municipality=Municipality.objects.get(code=code))
    return passwords
