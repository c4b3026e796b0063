"""Reads of comments: a project's comments page by page, with a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from moderation.appeals import AppealStatus, appeal_statuses
from projects.models import Project

from .models import Comment


def visible_q(user) -> Q:
    """Published comments, and the viewer's own whatever their state (so the author sees a
    comment that waits, and can appeal one that was hidden)."""
    q = Q(state=Comment.State.PUBLISHED)
    if user is not None and user.is_authenticated:
        q |= Q(author=user)
    return q


def top_level_comments(project: Project, *, user) -> QuerySet[Comment]:
    return (
        Comment.objects.filter(visible_q(user), project=project, parent__isnull=True)
        .select_related("author")
        .order_by("created_at", "id")
    )


@dataclass
class CommentPage:
    page: Page
    # The replies shown under each comment of the page, by the comment's id.
    replies: dict[int, list[Comment]] = field(default_factory=dict)
    # The viewer's own rejected or hidden comments on the page: where an appeal stands.
    appeals: dict[int, AppealStatus] = field(default_factory=dict)


def _mark(comment: Comment, project: Project) -> None:
    """The marks shown next to a name: the project's author, staff of its municipality."""
    author = comment.author
    comment.by_project_author = author is not None and comment.author_id == project.author_id
    comment.by_municipal_staff = bool(
        author is not None
        and author.is_municipal_staff
        and project.municipality_id is not None
        and author.municipality_id == project.municipality_id
    )


def comment_page(project: Project, *, user, number) -> CommentPage:
    """One page of a project's top-level comments with their replies.

    Queries: the count, the page (with authors), the replies (with authors); and, only when
    the viewer has rejected or hidden comments on the page, their appeals and decisions."""
    paginator = Paginator(top_level_comments(project, user=user), settings.COMMENTS_PAGE_SIZE)
    page = paginator.get_page(number)
    comments = list(page.object_list)
    page.object_list = comments
    replies: dict[int, list[Comment]] = {comment.pk: [] for comment in comments}
    if comments:
        rows = (
            Comment.objects.filter(visible_q(user), parent_id__in=list(replies))
            .select_related("author")
            .order_by("created_at", "id")
        )
        for reply in rows:
            replies[reply.parent_id].append(reply)
    everything = comments + [reply for group in replies.values() for reply in group]
    appeals = appeal_statuses(everything, user=user)
    for comment in everything:
        _mark(comment, project)
        comment.reply_list = replies.get(comment.pk, [])
        comment.appeal_status = appeals.get(comment.pk)
    return CommentPage(page=page, replies=replies, appeals=appeals)


def page_number_of(comment: Comment, *, user) -> int:
    """The page of the project's comments on which `comment` (or its conversation) is shown."""
    top = comment.parent if comment.parent_id else comment
    before = Comment.objects.filter(
        visible_q(user), project_id=top.project_id, parent__isnull=True
    ).filter(Q(created_at__lt=top.created_at) | Q(created_at=top.created_at, id__lt=top.pk))
    return before.count() // settings.COMMENTS_PAGE_SIZE + 1
