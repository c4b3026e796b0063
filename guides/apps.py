from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidesConfig(AppConfig):
    name = "guides"
    verbose_name = _("Guides")

    def ready(self):
        from moderation.queues import register_queue

        from .models import GuideVersion

        register_queue(
            label=_("Guides"),
            url_name="admin:guides_guidequeueitem_changelist",
            count=lambda: GuideVersion.objects.filter(
                state=GuideVersion.State.NEEDS_REVIEW
            ).count(),
        )
