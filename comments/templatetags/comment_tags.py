from django import template

from comments.forms import CommentForm
from comments.selectors import comment_page

register = template.Library()


@register.inclusion_tag("comments/section.html", takes_context=True)
def project_comments(context, project):
    """The comments section of a project page: one page of comments with their replies, the
    form to write one, and where the viewer's own hidden comments stand."""
    request = context["request"]
    user = request.user
    comments = comment_page(project, user=user, number=request.GET.get("page"))
    return {
        "request": request,
        "user": user,
        "project": project,
        "comments": comments,
        "page": comments.page,
        "form": CommentForm() if user.is_authenticated else None,
        "csrf_token": context.get("csrf_token"),
    }
