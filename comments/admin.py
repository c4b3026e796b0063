from django.contrib import admin, messages
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from moderation.admin import DecisionHistoryInline, reject_with_reason
from moderation.selectors import with_open_report_counts

from . import services
from .models import Comment

State = Comment.State


def _state_action(state: str, label, name: str):
    def run(modeladmin, request, queryset):
        for comment in queryset:
            services.comment_set_state(comment=comment, state=state, by=request.user)
        count = queryset.count()
        modeladmin.message_user(
            request,
            ngettext("%(count)d comment updated.", "%(count)d comments updated.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    run.__name__ = name
    run.short_description = label
    run.allowed_permissions = ("change",)
    return run


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """Comments on projects; filter by state "Waiting for a moderator" for the queue."""

    list_display = ["excerpt", "project", "author", "state", "open_reports", "created_at"]
    list_filter = ["state"]
    search_fields = ["body", "project__title", "author__display_name", "author__email"]
    list_select_related = ["project", "author"]
    date_hierarchy = "created_at"
    fields = [
        "project",
        "parent",
        "author",
        "state",
        "created_at",
        "body",
        "rendered",
        "screening_display",
    ]
    readonly_fields = fields
    inlines = [DecisionHistoryInline]
    actions = [
        _state_action(State.PUBLISHED, _("Publish the selected comments"), "publish_comments"),
        _state_action(State.HIDDEN, _("Hide the selected comments"), "hide_comments"),
        "reject_comments",
    ]

    def get_queryset(self, request):
        return with_open_report_counts(super().get_queryset(request))

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("open reports"), ordering="open_reports")
    def open_reports(self, comment):
        return comment.open_reports

    @admin.display(description=_("comment"))
    def excerpt(self, comment):
        return comment.body[:120]

    @admin.display(description=_("as shown"))
    def rendered(self, comment):
        return mark_safe(comment.body_html)  # noqa: S308 - sanitised at save

    @admin.display(description=_("screening"))
    def screening_display(self, comment):
        reasons = (comment.screening or {}).get("reasons", [])
        if not reasons:
            return _("No findings.")
        return "; ".join(r.get("message_da") or r.get("code", "") for r in reasons)

    @admin.action(description=_("Reject the selected comments"), permissions=["change"])
    def reject_comments(self, request, queryset):
        return reject_with_reason(
            self,
            request,
            queryset,
            action="reject_comments",
            reject=lambda comment, by, reason: services.comment_set_state(
                comment=comment, state=State.REJECTED, by=by, note=reason, reasons=[reason]
            ),
            author_of=lambda comment: comment.author,
            title=_("Reject comments"),
            done=lambda count: (
                ngettext("%d comment rejected.", "%d comments rejected.", count) % count
            ),
        )
