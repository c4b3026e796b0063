from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from moderation.queues import register_queue

        from . import admin_queue  # noqa: F401  (registers the moderation queue's admin)

        register_queue(
            label=_("Projects"),
            url_name="admin:projects_projectqueueitem_changelist",
            count=lambda: admin_queue.waiting_projects().count(),
        )
