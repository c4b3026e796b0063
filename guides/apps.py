from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidesConfig(AppConfig):
    name = "guides"
    verbose_name = _("Guides")

    def ready(self):
        from moderation.queues import register_queue
        from participation import registry as followables

        from .models import Guide, GuideVersion

        followables.register(
            Guide,
            name="guide",
            queryset=lambda: Guide.objects.select_related("current_da", "current_en"),
            visible=lambda user, guide: bool(guide.current_da_id or guide.current_en_id),
        )

        register_queue(
            label=_("Guides"),
            url_name="admin:guides_guidequeueitem_changelist",
            count=lambda: GuideVersion.objects.filter(
                state=GuideVersion.State.NEEDS_REVIEW
            ).count(),
        )
