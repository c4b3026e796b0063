from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Taking part")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects to smartcity.activity.item_event)
