"""The projects' moderation queue in Django admin: what waits, oldest first, with the actions
moderators take. Every action calls a service in projects/review.py."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
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
        """What the public would see once it is published: texts, images and links (a waiting
        edit shown as edited)."""
        pending = obj.pending_changes or {}
        description = pending.get("description") if pending else None
        # Sanitised HTML: stored at save, or rendered here for a waiting edit.
        body = render_markdown(description) if description is not None else obj.description_html
        title = pending.get("title") or obj.title
        website = pending.get("website", obj.website)
        links = pending.get("open_data_links", obj.open_data_links) or []
        return format_html(
            "<p><strong>{}</strong></p><p>{}</p><div>{}</div><p>{}: {} · {}: {}</p>{}{}{}{}",
            title,
            pending.get("summary") or obj.summary,
            mark_safe(body),  # noqa: S308  (nh3-sanitised by render_markdown)
            _("Theme"),
            obj.theme,
            _("Address"),
            obj.address or "—",
            self._images(obj, title),
            format_html(
                '<p>{}: <a href="{}" rel="nofollow noopener">{}</a></p>',
                _("Website"),
                website,
                website,
            )
            if website
            else "",
            format_html(
                '<p>{}</p><ul class="moderation-links">{}</ul>',
                _("Open data"),
                format_html_join(
                    "",
                    '<li><a href="{}" rel="nofollow noopener">{}</a></li>',
                    ((link.get("url"), link.get("title") or link.get("url")) for link in links),
                ),
            )
            if links
            else "",
            format_html("<p><em>{}</em></p>", _("This is a waiting edit of a published project."))
            if obj.pending_changes
            else "",
        )

    def _images(self, obj, title):
        images = list(obj.images.all())
        if not images:
            return ""
        return format_html(
            '<ul class="moderation-images">{}</ul>',
            format_html_join(
                "",
                '<li><a href="{0}"><img src="{0}" width="{1}" height="{2}" alt="{3}"></a></li>',
                (
                    (
                        reverse("projects:image", args=[image.token]),
                        image.width,
                        image.height,
                        image.alt_text
                        or _("Image %(number)d of “%(title)s”") % {"number": n, "title": title},
                    )
                    for n, image in enumerate(images, 1)
                ),
            ),
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
        return self._reject(request, list(queryset.select_related("author")))

    def _reject(self, request, projects):
        """The reason form (own text or a template in each author's language), then reject:
        the list action and the item page's button both come here."""
        return reject_with_reason(
            self,
            request,
            projects,
            action="reject",
            reject=lambda project, by, reason: review.project_reject(
                project=project, by=by, reason=reason
            ),
            author_of=lambda project: project.author,
            title=_("Reject projects"),
            done=lambda count: (
                ngettext("%d project rejected.", "%d projects rejected.", count) % count
            ),
        )

    # --- deciding from the item page ----------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<path:object_id>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="projects_projectqueueitem_publish",
            ),
            path(
                "<path:object_id>/reject/",
                self.admin_site.admin_view(self.reject_view),
                name="projects_projectqueueitem_reject",
            ),
            *super().get_urls(),
        ]

    def _item_or_404(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def _queue_url(self):
        return reverse("admin:projects_projectqueueitem_changelist")

    def publish_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        project = self._item_or_404(request, object_id)
        review.project_publish(project=project, by=request.user)
        self._done(request, ngettext("%d project published.", "%d projects published.", 1) % 1)
        return redirect(self._queue_url())

    def reject_view(self, request, object_id):
        project = self._item_or_404(request, object_id)
        response = self._reject(request, [project])
        return response if response is not None else redirect(self._queue_url())

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "publish_url": reverse("admin:projects_projectqueueitem_publish", args=[object_id]),
            "reject_url": reverse("admin:projects_projectqueueitem_reject", args=[object_id]),
        }
        return super().change_view(request, object_id, form_url, extra_context)

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
