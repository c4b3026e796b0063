from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from moderation.appeals import register_appealable
        from participation import registry as followables

        from . import services
        from .models import Event

        followables.register(
            Event,
            name="event",
            visible=lambda user, event: (
                event.state in (Event.State.PUBLISHED, Event.State.CANCELLED)
            ),
        )
        # An organiser may appeal a rejected event; granting it publishes the event.
        register_appealable(
            kind="event",
            model=Event,
            label=_("event"),
            author_id=lambda event: event.organiser_id,
            is_down=lambda event: event.state == Event.State.REJECTED,
            restore=lambda event, by, note: services.event_publish(event=event, by=by, note=note),
            url=lambda event: event.get_absolute_url(),
            title=lambda event: event.title,
            text=lambda event: event.description,
        )
