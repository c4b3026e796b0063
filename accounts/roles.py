from django.db import models
from django.utils.translation import gettext_lazy as _

MODERATORS_GROUP = "Moderators"


class Role(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    MUNICIPAL_STAFF = "municipal_staff", _("Municipal staff")
    MODERATOR = "moderator", _("Moderator")
    ADMIN = "admin", _("Administrator")


def grant_moderator_permissions(apps, app_label: str, codenames: list[str]) -> None:
    """Give the Moderators group these permissions of one app (for data migrations).

    Each content app's migration calls this for its own models, so the group always holds
    exactly the permissions moderation needs.
    """
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    permissions = Permission.objects.filter(
        content_type__app_label=app_label, codename__in=codenames
    )
    missing = set(codenames) - set(permissions.values_list("codename", flat=True))
    if missing:
        raise RuntimeError(f"Unknown permissions for {app_label}: {sorted(missing)}")
    group.permissions.add(*permissions)
