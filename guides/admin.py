from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from moderation.admin import DecisionHistoryInline

from . import services
from .models import Guide, GuideQueueItem, GuideVersion


@admin.register(Guide)
class GuideAdmin(admin.ModelAdmin):
    list_display = ["__str__", "slug", "owner", "audience", "last_reviewed_on", "published_at"]
    list_filter = ["audience", "themes"]
    search_fields = ["slug", "current_da__title", "current_en__title"]
    list_select_related = ["current_da", "current_en", "owner"]
    raw_id_fields = [
        "owner", "projects", "events", "threads", "datasets", "current_da", "current_en"
    ]  # fmt: skip
    filter_horizontal = ["themes", "data_areas"]
    readonly_fields = ["created_at", "updated_at", "published_at"]


class VersionAdminBase(admin.ModelAdmin):
    list_display = ["title", "guide", "number", "language", "state", "author", "created_at"]
    list_filter = ["state", "language"]
    search_fields = ["title", "guide__slug", "author__display_name"]
    list_select_related = ["guide", "author"]
    readonly_fields = [f.name for f in GuideVersion._meta.fields if f.name != "id"] + ["review"]
    inlines = [DecisionHistoryInline]
    actions = ["publish_versions"]

    def has_add_permission(self, request):
        return False  # drafts are written on the site, through the service that screens them

    @admin.display(description=_("review"))
    def review(self, obj):
        return format_html(
            '<a href="{}">{}</a>', obj.get_absolute_url(), _("Read, compare and decide")
        )

    @admin.action(description=_("Publish the selected versions"), permissions=["change"])
    def publish_versions(self, request, queryset):
        count = 0
        for version in queryset.filter(state=GuideVersion.State.NEEDS_REVIEW):
            services.version_publish(version=version, by=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(n)d version published.", "%(n)d versions published.", count) % {"n": count},
            messages.SUCCESS,
        )


@admin.register(GuideVersion)
class GuideVersionAdmin(VersionAdminBase):
    pass


@admin.register(GuideQueueItem)
class GuideQueueAdmin(VersionAdminBase):
    def get_queryset(self, request):
        return super().get_queryset(request).filter(state=GuideVersion.State.NEEDS_REVIEW)
