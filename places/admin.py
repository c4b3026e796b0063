from django.contrib import admin

from .models import (
    GeocodeCacheEntry,
    Municipality,
    MunicipalityBoundary,
    MunicipalityEmailDomain,
    Region,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en"]


class EmailDomainInline(admin.TabularInline):
    model = MunicipalityEmailDomain
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region", "seat"]
    list_filter = ["region"]
    search_fields = ["name", "code", "email_domains__domain"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [EmailDomainInline]


class _ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the system: people may look and delete, not write."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MunicipalityBoundary)
class MunicipalityBoundaryAdmin(_ReadOnlyAdmin):
    # Loaded with `manage.py load_municipality_boundaries FILE` over the shipped boundaries
    # (deleting every row brings those back); the geometry is too large to show.
    list_display = ["municipality", "polygon_count", "source", "loaded_at"]
    fields = [
        "municipality",
        "polygon_count",
        ("min_lat", "max_lat"),
        ("min_lng", "max_lng"),
        "source",
        "batch",
        "loaded_at",
    ]
    list_select_related = ["municipality"]
    search_fields = ["municipality__name", "municipality__code"]


@admin.register(GeocodeCacheEntry)
class GeocodeCacheEntryAdmin(_ReadOnlyAdmin):
    list_display = ["query", "provider", "created_at"]
    list_filter = ["provider"]
    search_fields = ["query"]
    fields = ["provider", "query", "result", "created_at"]
    date_hierarchy = "created_at"
