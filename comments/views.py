from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from moderation.forms import ReportForm
from moderation.services import AlreadyReported
from projects.models import Project
from smartcity.forms import add_service_errors

from . import selectors, services
from .forms import CommentForm
from .models import Comment


def _anchor_url(comment: Comment, *, user) -> str:
    number = selectors.page_number_of(comment, user=user)
    query = f"?page={number}" if number > 1 else ""
    return f"{comment.project.get_absolute_url()}{query}#comment-{comment.pk}"


def comment_show(request, pk: int):
    """A comment's own address: the project page it is shown on, at the comment."""
    comment = get_object_or_404(Comment.objects.select_related("project", "parent"), pk=pk)
    if not (comment.is_public or comment.author_id == request.user.pk):
        raise Http404
    return redirect(_anchor_url(comment, user=request.user))


@require_POST
@login_required
def comment_create(request, slug: str):
    """Comment on a project or reply to a comment. On an error the form is shown again on a
    page of its own, with the text kept (no JavaScript needed)."""
    project = get_object_or_404(Project, slug=slug, state=Project.State.PUBLISHED)
    form = CommentForm(request.POST)
    parent = None
    if form.is_valid():
        if form.cleaned_data["parent"]:
            parent = Comment.objects.filter(pk=form.cleaned_data["parent"]).first()
            if parent is None:
                form.add_error(None, _("The comment you replied to no longer exists."))
        try:
            if not form.errors:
                comment = services.comment_create(
                    author=request.user,
                    project=project,
                    body=form.cleaned_data["body"],
                    parent=parent,
                )
        except PermissionDenied as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        return render(
            request,
            "comments/comment_form.html",
            {"form": form, "project": project, "parent": parent},
            status=400,
        )
    if comment.is_public:
        messages.success(request, _("Thank you! Your comment is published."))
    else:
        messages.success(
            request, _("Thank you! Your comment is shown once a moderator has looked at it.")
        )
    return redirect(_anchor_url(comment, user=request.user))


@login_required
def comment_report(request, pk: int):
    """A signed-in user reports a published comment to the moderators (once)."""
    comment = get_object_or_404(
        Comment.objects.select_related("project", "author"),
        pk=pk,
        state=Comment.State.PUBLISHED,
    )
    if comment.author_id == request.user.pk:
        raise Http404
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_report(
                comment=comment,
                reporter=request.user,
                reason=form.cleaned_data["reason"],
                text=form.cleaned_data["text"],
            )
        except AlreadyReported:
            messages.info(request, _("You have already reported this comment."))
        else:
            messages.success(request, _("Thank you. A moderator will look at the comment."))
        return redirect(comment.project.get_absolute_url() + "#comments")
    return render(
        request,
        "comments/comment_report.html",
        {"form": form, "comment": comment, "project": comment.project},
        status=400 if request.method == "POST" else 200,
    )
