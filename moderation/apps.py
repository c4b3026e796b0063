from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from moderation.models import BlockedTerm
        from moderation.rules import forget_terms

        # Screening caches the word lists briefly; an edit in admin takes effect at once.
        post_save.connect(forget_terms, sender=BlockedTerm, dispatch_uid="moderation-terms-save")
        post_delete.connect(
            forget_terms, sender=BlockedTerm, dispatch_uid="moderation-terms-delete"
        )
