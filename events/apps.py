from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from participation import registry as followables

        from .models import Event

        followables.register(
            Event,
            name="event",
            visible=lambda user, event: (
                event.state in (Event.State.PUBLISHED, Event.State.CANCELLED)
            ),
        )
