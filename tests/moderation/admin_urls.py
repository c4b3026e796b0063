"""A small admin site that puts the decision history on another app's model, as the content
apps do with their own ModelAdmins."""

from django.contrib import admin
from django.urls import path

from moderation.admin import DecisionHistoryInline
from places.models import Municipality

site = admin.AdminSite(name="inlinetest")


@admin.register(Municipality, site=site)
class MunicipalityWithHistoryAdmin(admin.ModelAdmin):
    fields = ["name"]
    inlines = [DecisionHistoryInline]


urlpatterns = [path("inlinetest/", site.urls)]
