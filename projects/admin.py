from django.contrib import admin
from django.core.cache import cache
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from .models import Adoption, Project, ProjectImage, ProjectResult, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "slug", "color", "icon", "position"]
    list_editable = ["position"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        from .views import THEME_CSS_CACHE_KEY

        cache.delete(THEME_CSS_CACHE_KEY)  # the marker colours change at once


class ProjectImageInline(admin.TabularInline):
    model = ProjectImage
    extra = 0
    fields = ["image", "alt_text", "position", "format", "width", "height", "uploaded_by"]
    readonly_fields = ["image", "format", "width", "height", "uploaded_by"]

    def has_add_permission(self, request, obj=None):
        return False  # images arrive through the upload service, which checks and cleans them


class AdoptionInline(admin.TabularInline):
    model = Adoption
    extra = 0
    fields = ["municipality", "note", "created_by", "created_at"]
    readonly_fields = ["municipality", "created_by", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False  # adoptions go through the service, which keeps the count exact

    def has_delete_permission(self, request, obj=None):
        return False


class ProjectResultInline(admin.TabularInline):
    model = ProjectResult
    extra = 0
    fields = ["metric", "baseline", "result", "unit", "period", "source", "position"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "state", "theme", "status", "municipality", "adoption_count",
                    "created_at", "published_at"]  # fmt: skip
    list_filter = ["state", "theme", "status", "submitter_kind", "municipality__region"]
    search_fields = ["title", "summary", "organisation", "slug", "author__email",
                     "author__display_name"]  # fmt: skip
    list_select_related = ["theme", "municipality"]
    autocomplete_fields = ["municipality"]
    raw_id_fields = ["author"]
    date_hierarchy = "created_at"
    readonly_fields = ["description_html", "adoption_count", "pending_changes", "attempts",
                       "next_attempt_at", "lease_expires_at", "last_error", "screening_score",
                       "screening_reasons", "created_at", "updated_at"]  # fmt: skip
    inlines = [ProjectImageInline, AdoptionInline, ProjectResultInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description", "theme", "status"]}),
        (_("Submitter"), {"fields": ["author", "submitter_kind", "organisation", "website",
                                     "open_data_links", "started_on", "ended_on"]}),
        (_("Location"), {"fields": ["address", "lat", "lng", "precision", "municipality"]}),
        (_("Life cycle"), {"fields": ["state", "rejection_reason", "published_at",
                                      "adoption_count", "featured_at", "pending_changes",
                                      "created_at", "updated_at"]}),
        (_("Pipeline"), {"classes": ["collapse"],
                         "fields": ["attempts", "next_attempt_at", "lease_expires_at",
                                    "last_error", "screening_score", "screening_reasons"]}),
    ]  # fmt: skip

    # What a moderator (not a superuser) may change on a project: its stage. Everything else
    # is the author's, changed through the site's form and screened again.
    MODERATOR_EDITABLE = {"status"}

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return self.readonly_fields
        every_field = [name for _title, options in self.fieldsets for name in options["fields"]]
        return [name for name in every_field if name not in self.MODERATOR_EDITABLE]

    def save_model(self, request, obj, form, change):
        from smartcity.markdown import render_markdown

        obj.description_html = render_markdown(obj.description)  # rendered once, at save
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        from .services import project_announce_changes

        old_results = form.instance.results.count() if change else 0
        super().save_related(request, form, formsets, change)
        if change:  # a moderator changed the status or added results: the followers hear it
            project_announce_changes(
                project=form.instance,
                old_status=form.initial.get("status", form.instance.status),
                old_results=old_results,
                by=request.user,
            )


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin):
    list_display = ["project", "municipality", "created_by", "created_at"]
    list_filter = ["municipality__region", "municipality"]
    search_fields = ["project__title", "municipality__name", "note"]
    list_select_related = ["project", "municipality", "created_by"]
    readonly_fields = ["project", "municipality", "created_by", "created_at"]

    def has_add_permission(self, request):
        return False  # staff adopt on the project page; the service keeps the count exact

    def delete_model(self, request, obj):
        from django.db.models import F

        Project.objects.filter(pk=obj.project_id).update(adoption_count=F("adoption_count") - 1)
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for adoption in queryset:
            self.delete_model(request, adoption)
