from django.contrib import admin

from .models import Municipality, MunicipalityEmailDomain, Region


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
