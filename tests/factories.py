import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

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


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Theme"
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"tema-{n}")
    name = factory.Sequence(lambda n: f"Tema {n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")
    icon = "pin"
    color = "#0b5a8e"


class PublishedProjectFactory(factory.django.DjangoModelFactory):
    """A published project at a point inside Denmark (central Aarhus unless told)."""

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
    published_at = factory.LazyFunction(timezone.now)
