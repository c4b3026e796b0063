"""Turns what happened (smartcity.activity.item_event) into notifications for the followers,
and for new projects, for the matching alerts."""

from django.dispatch import receiver

from smartcity.activity import Kind, item_event
from smartcity.enqueue import delay_on_commit

from . import registry, services


@receiver(item_event, dispatch_uid="participation.fan_out")
def fan_out(sender, *, target, kind, actor=None, data=None, **kwargs) -> None:
    if registry.of(target) is None:
        return
    data = dict(data or {})
    if kind == Kind.CREATED:
        notified = services.notify_alerts(
            target=target,
            municipality_id=data.pop("municipality_id", None),
            theme_id=data.pop("theme_id", None),
            actor=actor,
            data=data,
        )
    else:
        notified = services.notify_followers(target=target, kind=kind, actor=actor, data=data)
    if notified and kind != Kind.REPLIED:  # the forum e-mails its replies itself
        from .tasks import send_immediate

        delay_on_commit(send_immediate, kind, registry.content_type_id(type(target)), target.pk)
