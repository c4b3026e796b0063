"""The projects' moderation queue in Django admin: what waits, oldest first, with the actions
moderators take. Every action calls a service in projects/review.py."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from moderation.admin import DecisionHistoryInline, reject_with_reason
from moderation.selectors import object_filter, open_reports_for
from smartcity.markdown import render_markdown

from . import review
from .models import Project, ProjectQueueItem


def waiting_projects():
    """Everything a moderator has to look at: new submissions the pipeline could not decide,
    edits of published projects, and projects hidden by reports."""

    from moderation.models import Report

    reported = Report.objects.filter(
        **object_filter(Project, OuterRef("pk")), resolved_at__isnull=True
    )
    return Project.objects.filter(
        Q(state__in=[Project.State.NEEDS_REVIEW, Project.State.SUBMITTED, Project.State.PROCESSING])
        | Q(state=Project.State.PUBLISHED, pending_checked_at__isnull=False)
        | Q(state=Project.State.HIDDEN) & Exists(reported)
    )


class LocationForm(forms.ModelForm):
    """Only the location is edited here, by dragging the pin (or typing coordinates)."""

    class Meta:
        model = ProjectQueueItem
        fields = ["lat", "lng"]
        widgets = {
            "lat": forms.NumberInput(attrs={"step": "any", "class": "js-relocate-lat"}),
            "lng": forms.NumberInput(attrs={"step": "any", "class": "js-relocate-lng"}),
        }


@admin.register(ProjectQueueItem)
class ProjectQueueAdmin(admin.ModelAdmin):
    form = LocationForm
    change_form_template = "admin/projects/projectqueueitem/change_form.html"
    list_display = [
        "title",
        "state",
        "screening_score",
        "reasons",
        "author_name",
        "municipality",
        "created_at",
    ]
    list_display_links = ["title"]
    list_filter = ["state", "theme", "municipality__region"]
    search_fields = ["title", "summary", "author__display_name", "author__email"]
    list_select_related = ["author", "municipality", "theme"]
    ordering = ["created_at", "pk"]  # oldest first
    actions = ["publish", "reject", "hide", "restore", "rerun"]
    inlines = [DecisionHistoryInline]
    fieldsets = [
        (None, {"fields": ["overview", "lat", "lng"]}),
        (_("Screening"), {"fields": ["screening_score", "reasons", "open_reports"]}),
    ]
    readonly_fields = ["overview", "screening_score", "reasons", "open_reports"]

    def get_queryset(self, request):
        ids = waiting_projects().values("pk")
        return super().get_queryset(request).filter(pk__in=ids)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # rejected and hidden projects are kept, never deleted

    @admin.display(description=_("author"))
    def author_name(self, obj):
        return obj.author.display_name if obj.author else "—"

    @admin.display(description=_("reasons"))
    def reasons(self, obj):
        messages_ = [r.get("message_da") or r.get("code", "") for r in obj.screening_reasons or []]
        if not messages_:
            return "—"
        return format_html_join("", "<div>{}</div>", ((Truncator(m).chars(90),) for m in messages_))

    @admin.display(description=_("project"))
    def overview(self, obj):
        pending = obj.pending_changes or {}
        description = pending.get("description") if pending else None
        # Sanitised HTML: stored at save, or rendered here for a waiting edit.
        body = render_markdown(description) if description is not None else obj.description_html
        return format_html(
            "<p><strong>{}</strong></p><p>{}</p><div>{}</div><p>{}: {} · {}: {}</p>{}",
            pending.get("title") or obj.title,
            pending.get("summary") or obj.summary,
            mark_safe(body),  # noqa: S308  (nh3-sanitised by render_markdown)
            _("Theme"),
            obj.theme,
            _("Address"),
            obj.address or "—",
            format_html("<p><em>{}</em></p>", _("This is a waiting edit of a published project."))
            if obj.pending_changes
            else "",
        )

    @admin.display(description=_("open reports"))
    def open_reports(self, obj):
        reports = open_reports_for(Project(pk=obj.pk)).select_related("reporter")
        if not reports:
            return "—"
        return format_html_join(
            "",
            "<div>{}: {} ({})</div>",
            ((r.get_reason_display(), r.text, r.reporter) for r in reports),
        )

    def save_model(self, request, obj, form, change):
        if change and {"lat", "lng"} & set(form.changed_data):
            try:
                review.project_relocate(project=obj, by=request.user, lat=obj.lat, lng=obj.lng)
            except ValidationError as error:
                self.message_user(request, "; ".join(error.messages), messages.ERROR)

    def _done(self, request, message):
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description=_("Publish selected projects"))
    def publish(self, request, queryset):
        for project in queryset:
            review.project_publish(project=project, by=request.user)
        count = len(queryset)
        self._done(
            request, ngettext("%d project published.", "%d projects published.", count) % count
        )

    @admin.action(description=_("Reject selected projects (with a reason)…"))
    def reject(self, request, queryset):
        return reject_with_reason(
            self,
            request,
            queryset.select_related("author"),
            action="reject",
            reject=lambda project, by, reason: review.project_reject(
                project=project, by=by, reason=reason
            ),
            author_of=lambda project: project.author,
        )

    @admin.action(description=_("Hide selected projects"))
    def hide(self, request, queryset):
        for project in queryset:
            review.project_hide(project=project, by=request.user)
        count = len(queryset)
        self._done(request, ngettext("%d project hidden.", "%d projects hidden.", count) % count)

    @admin.action(description=_("Restore selected projects"))
    def restore(self, request, queryset):
        for project in queryset:
            review.project_restore(project=project, by=request.user)
        count = len(queryset)
        self._done(
            request, ngettext("%d project restored.", "%d projects restored.", count) % count
        )

    @admin.action(description=_("Run the automatic check again"))
    def rerun(self, request, queryset):
        for project in queryset:
            review.project_rerun(project=project, by=request.user)
        count = len(queryset)
        self._done(
            request,
            ngettext("%d project sent to the pipeline.", "%d projects sent to the pipeline.", count)
            % count,
        )
