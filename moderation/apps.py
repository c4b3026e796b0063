from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from accounts.services import staff_status_withdrawn
        from moderation.models import Appeal, BlockedTerm
        from moderation.queues import register_queue
        from moderation.receivers import record_staff_withdrawal
        from moderation.rules import forget_terms

        # Screening caches the word lists briefly; an edit in admin takes effect at once.
        post_save.connect(forget_terms, sender=BlockedTerm, dispatch_uid="moderation-terms-save")
        post_delete.connect(
            forget_terms, sender=BlockedTerm, dispatch_uid="moderation-terms-delete"
        )
        # A withdrawn staff status is a decision about a user: it belongs in the audit log.
        staff_status_withdrawn.connect(
            record_staff_withdrawal, dispatch_uid="moderation-staff-withdrawn"
        )
        register_queue(
            label=_("Appeals"),
            url_name="admin:moderation_appeal_changelist",
            count=lambda: Appeal.objects.filter(state=Appeal.State.PENDING).count(),
            query="state__exact=pending",
        )
