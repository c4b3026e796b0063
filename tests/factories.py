from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User


def enrol_totp(user) -> str:
    """Enrol the user in TOTP (as allauth.mfa would after a correct code); return the secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(user) -> str:
    """The code the user's authenticator app shows now, computed as RFC 6238 says."""
    import time

    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def make_moderator(**kwargs):
    """A member of the Moderators group who has enrolled TOTP, as admin requires."""
    from accounts.services import user_make_moderator

    user = user_make_moderator(user=UserFactory(**kwargs))
    enrol_totp(user)
    return user


class UserFactory(factory.django.DjangoModelFactory):
    """A user whose e-mail address is verified, with the password "correct-horse-battery".

    Staff and superusers are enrolled in TOTP, as admin requires of them (pass totp=False for
    one who has not enrolled yet)."""

    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    display_name = factory.Sequence(lambda n: f"Bruger {n}")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )

    @factory.post_generation
    def totp(obj, create, extracted, **kwargs):
        from allauth.mfa.models import Authenticator

        wanted = extracted if extracted is not None else (obj.is_staff or obj.is_superuser)
        enrolled = Authenticator.objects.filter(user=obj, type=Authenticator.Type.TOTP)
        if create and wanted and not enrolled.exists():
            enrol_totp(obj)


class EstablishedUserFactory(UserFactory):
    """A user of some standing: a verified e-mail address and an account a month old (their
    reports weigh fully; see moderation.services.reporter_standing)."""

    date_joined = factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))


# --- projects ---------------------------------------------------------------------------------


def _municipality(code: str):
    from places.models import Municipality

    return Municipality.objects.get(code=code)


def _now():
    from django.utils import timezone

    return timezone.now()


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Theme"
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"tema-{n}")
    name = factory.Sequence(lambda n: f"Tema {n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")
    icon = "circle"
    color = "#0b5a8e"


class ProjectFactory(factory.django.DjangoModelFactory):
    """A published project at a point in Aarhus, written directly (not through the service)."""

    class Meta:
        model = "projects.Project"

    title = factory.Sequence(lambda n: f"Smart projekt {n}")
    slug = factory.Sequence(lambda n: f"smart-projekt-{n}")
    summary = "Sensorer viser ledige parkeringspladser."
    description = "Et **godt** projekt."
    description_html = "<p>Et <strong>godt</strong> projekt.</p>"
    theme = factory.SubFactory(ThemeFactory)
    status = "pilot"
    submitter_kind = "municipality"
    lat = 56.1572
    lng = 10.2107
    precision = "point"
    municipality = factory.LazyFunction(lambda: _municipality("751"))
    author = factory.SubFactory(UserFactory)
    state = "published"
    published_at = factory.LazyFunction(lambda: _now())


class AdoptionFactory(factory.django.DjangoModelFactory):
    """An adoption row; keep Project.adoption_count in step yourself (or use the service)."""

    class Meta:
        model = "projects.Adoption"

    project = factory.SubFactory(ProjectFactory)
    municipality = factory.LazyFunction(lambda: _municipality("101"))


class PublishedProjectFactory(factory.django.DjangoModelFactory):
    """A published project at a point inside Denmark (central Aarhus unless told), with no
    author or municipality: light enough to build thousands for bulk_create."""

    class Meta:
        model = "projects.Project"

    title = factory.Sequence(lambda n: f"Projekt {n}")
    slug = factory.Sequence(lambda n: f"projekt-{n}")
    summary = "Et Smart City-projekt."
    theme = factory.SubFactory(ThemeFactory)
    status = "operation"
    submitter_kind = "municipality"
    lat = 56.1572
    lng = 10.2107
    precision = "point"
    state = "published"
    published_at = factory.LazyFunction(lambda: _now())


# --- events ---


def _in_a_week():
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now() + timedelta(days=7)


def _three_hours_later(event):
    from datetime import timedelta

    return event.starts_at + timedelta(hours=3)


def _aarhus():
    from places.models import Municipality

    return Municipality.objects.get(code="751")


def _rendered(event):
    from smartcity.markdown import render_markdown

    return render_markdown(event.description)


class EventFactory(factory.django.DjangoModelFactory):
    """A published in-person event in Aarhus, a week from now, with 20 seats."""

    class Meta:
        model = "events.Event"

    title = factory.Sequence(lambda n: f"Datadag {n}")
    slug = factory.Sequence(lambda n: f"datadag-{n}")
    description = "Kom og hør om **åbne data** i kommunerne."
    description_html = factory.LazyAttribute(_rendered)
    kind = "data_day"
    starts_at = factory.LazyFunction(_in_a_week)
    ends_at = factory.LazyAttribute(_three_hours_later)
    venue_name = "Aarhus Rådhus"
    venue_address = "Rådhuspladsen 2, 8000 Aarhus C"
    lat = 56.1527
    lng = 10.2039
    municipality = factory.LazyFunction(_aarhus)
    capacity = 20
    state = "published"
    published_at = factory.LazyFunction(_in_a_week)
