import factory
from allauth.account.models import EmailAddress

from accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    """A user whose e-mail address is verified, with the password "correct-horse-battery"."""

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
