from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import DataArea, Dataset, Distribution, HarvestRun, HarvestSource, Organisation


@admin.register(DataArea)
class DataAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "name_en", "keywords"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(HarvestSource)
class HarvestSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "enabled", "harvested_until"]
    list_filter = ["enabled"]
    readonly_fields = ["harvested_until", "created_at"]
    actions = ["harvest_now"]

    @admin.action(description=_("Harvest the selected sources now"), permissions=["change"])
    def harvest_now(self, request, queryset):
        for source in queryset:
            run = services.harvest_source(source=source)
            if run.errors:
                self.message_user(request, f"{source}: {run.errors}", messages.ERROR)
            else:
                text = _(
                    "%(source)s: %(added)d added, %(updated)d updated, %(withdrawn)d withdrawn"
                )
                values = {
                    "source": source,
                    "added": run.added,
                    "updated": run.updated,
                    "withdrawn": run.withdrawn,
                }
                self.message_user(request, text % values, messages.SUCCESS)


@admin.register(HarvestRun)
class HarvestRunAdmin(admin.ModelAdmin):
    list_display = [
        "source", "started_at", "finished_at", "incremental", "seen", "added", "updated",
        "withdrawn", "succeeded",
    ]  # fmt: skip
    list_filter = ["source", "incremental"]
    date_hierarchy = "started_at"
    list_select_related = ["source"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(boolean=True, description=_("succeeded"))
    def succeeded(self, run):
        return run.succeeded


class UnmatchedFilter(admin.SimpleListFilter):
    title = _("mapping")
    parameter_name = "mapped"

    def lookups(self, request, model_admin):
        return [("no", _("No municipality")), ("yes", _("A municipality"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(municipality__isnull=True)
        if self.value() == "yes":
            return queryset.filter(municipality__isnull=False)
        return queryset


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """Organisations no municipality was found for are listed for a moderator to map (or to
    leave as organisations, such as regions and utilities)."""

    list_display = ["title", "name", "source", "municipality", "mapped_by_moderator"]
    list_filter = [UnmatchedFilter, "source", "mapped_by_moderator"]
    search_fields = ["title", "name"]
    fields = ["source", "name", "title", "municipality", "mapped_by_moderator"]
    readonly_fields = ["source", "name", "title", "mapped_by_moderator"]
    list_select_related = ["source", "municipality"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        changed = services.organisation_map(
            organisation=obj, municipality=form.cleaned_data["municipality"]
        )
        message = ngettext(
            "%(n)d dataset follows the mapping.", "%(n)d datasets follow the mapping.", changed
        )
        self.message_user(request, message % {"n": changed}, messages.SUCCESS)


class DistributionInline(admin.TabularInline):
    model = Distribution
    extra = 0
    fields = readonly_fields = ["title", "format", "media_type", "access_url"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    """Harvested metadata is read-only (the next harvest would overwrite it); moderators set
    the data areas, which later harvests then keep."""

    list_display = ["title", "publisher", "municipality", "modified", "withdrawn_at"]
    list_filter = ["source", "areas", "areas_set_by_moderator", "municipality__region"]
    search_fields = ["title", "slug", "ckan_name", "publisher_name"]
    list_select_related = ["municipality"]
    filter_horizontal = ["areas"]
    fields = [
        "title", "slug", "source", "organisation", "municipality", "publisher_name",
        "landing_page", "licence_title", "modified", "withdrawn_at", "keywords", "groups",
        "areas", "areas_set_by_moderator",
    ]  # fmt: skip
    readonly_fields = [
        "title", "slug", "source", "organisation", "municipality", "publisher_name",
        "landing_page", "licence_title", "modified", "withdrawn_at", "keywords", "groups",
        "areas_set_by_moderator",
    ]  # fmt: skip
    inlines = [DistributionInline]

    def has_add_permission(self, request):
        return False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "areas" in form.changed_data:
            services.dataset_areas_set(dataset=form.instance, areas=form.cleaned_data["areas"])
