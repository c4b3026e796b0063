"""What the moderation app records about other apps' events (connected in apps.ready)."""

from moderation.services import decision_record


def record_staff_withdrawal(sender, user, municipality, reason, **kwargs) -> None:
    """A user's municipal staff status ended: an automatic row in the audit log, on the user."""
    note = f"{municipality.name}: {reason}" if municipality is not None else reason
    decision_record(obj=user, action="staff_withdrawn", note=note)
