"""Comments' part of the data export and account deletion (see accounts/personal_data.py).

Comments stay on deletion, shown as by a former user, as forum posts do."""

from django.utils.translation import gettext_lazy as _

from accounts.personal_data import Rows, iso, register

from .models import Comment


def _comments(user) -> Rows:
    comments = Comment.objects.filter(author=user).select_related("project").order_by("pk")
    return [
        {
            "project": comment.project.title,
            "url": comment.project.get_absolute_url(),
            "reply_to": comment.parent_id,
            "body": comment.body,
            "state": comment.state,
            "created_at": iso(comment.created_at),
        }
        for comment in comments
    ]


register(
    "comments",
    title=_("Comments"),
    description=_("The comments you wrote on projects."),
    fields={
        "project": _("The project's title"),
        "url": _("The project's address"),
        "reply_to": _("The number of the comment you replied to, if any"),
        "body": _("What you wrote"),
        "state": _("Whether it is published, waiting, rejected or hidden"),
        "created_at": _("When you wrote it"),
    },
    export=_comments,
)
