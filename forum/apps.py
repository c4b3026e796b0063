from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self) -> None:
        from catalogue import uses

        from . import selectors

        uses.register(
            key="forum",
            label=_("Forum threads linking it"),
            find=selectors.threads_linking_dataset,
        )
