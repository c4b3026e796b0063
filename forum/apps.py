from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self) -> None:
        from catalogue import uses
        from participation import registry as followables

        from . import permissions, selectors
        from .models import Thread

        followables.register(
            Thread,
            name="thread",
            queryset=lambda: Thread.objects.select_related("category"),
            visible=permissions.can_read_thread,
        )

        uses.register(
            key="forum",
            label=_("Forum threads linking it"),
            find=selectors.threads_linking_dataset,
        )
