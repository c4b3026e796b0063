from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self) -> None:
        from catalogue import uses
        from moderation.appeals import register_appealable
        from participation import registry as followables

        from . import permissions, selectors, services
        from .models import Post, State, Thread

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
        # The author of a hidden or rejected post may appeal; granting it publishes the post.
        register_appealable(
            kind="forum_post",
            model=Post,
            label=_("forum post"),
            author_id=lambda post: post.author_id,
            is_down=lambda post: post.state in (State.HIDDEN, State.REJECTED),
            restore=lambda post, by, note: services.post_set_state(
                post=post, state=State.PUBLISHED, by=by, note=note
            ),
            url=lambda post: post.get_absolute_url(),
            title=lambda post: post.thread.title,
            text=lambda post: post.body,
        )
