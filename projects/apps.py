from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from catalogue import uses
        from moderation.appeals import register_appealable
        from moderation.queues import register_queue
        from participation import registry as followables

        from . import admin_queue, review, selectors  # noqa: F401  (admin_queue: its admin)
        from .models import Project

        followables.register(
            Project,
            name="project",
            queryset=lambda: Project.objects.select_related("theme"),
            visible=lambda user, project: project.state == Project.State.PUBLISHED,
        )

        uses.register(
            key="projects",
            label=_("Smart City projects using it"),
            find=selectors.projects_using_dataset,
        )
        register_appealable(
            kind="project",
            model=Project,
            label=_("project"),
            author_id=lambda project: project.author_id,
            is_down=lambda project: project.state in (Project.State.REJECTED, Project.State.HIDDEN),
            restore=lambda project, by, note: review.project_restore(project=project, by=by),
            url=lambda project: project.get_absolute_url(),
            title=lambda project: project.title,
            text=lambda project: project.summary,
        )
        register_queue(
            label=_("Projects"),
            url_name="admin:projects_projectqueueitem_changelist",
            count=lambda: admin_queue.waiting_projects().count(),
        )
