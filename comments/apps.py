from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self) -> None:
        from moderation.appeals import register_appealable
        from moderation.queues import register_queue

        from . import services
        from .models import Comment

        register_queue(
            label=_("Comments"),
            url_name="admin:comments_comment_changelist",
            count=lambda: Comment.objects.filter(state=Comment.State.NEEDS_REVIEW).count(),
            query="state__exact=needs_review",
        )
        register_appealable(
            kind="comment",
            model=Comment,
            label=_("comment"),
            author_id=lambda comment: comment.author_id,
            is_down=lambda comment: comment.state in services.DOWN_STATES,
            restore=lambda comment, by, note: services.comment_set_state(
                comment=comment, state=Comment.State.PUBLISHED, by=by, note=note
            ),
            url=lambda comment: comment.get_absolute_url(),
            title=lambda comment: comment.project.title,
            text=lambda comment: comment.body,
        )
