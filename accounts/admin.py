from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import StaffRequest, User
from .services import staff_request_approve, staff_request_reject


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "municipality", "is_staff", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "municipality__region"]
    search_fields = ["email", "display_name"]
    autocomplete_fields = ["municipality"]
    fieldsets = [
        (None, {"fields": ["email", "password", "display_name"]}),
        (_("Municipal staff"), {"fields": ["municipality", "staff_verified_at"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "display_name", "password1", "password2"]})
    ]


@admin.register(StaffRequest)
class StaffRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "municipality", "job_title", "status", "created_at"]
    list_filter = ["status", "municipality__region"]
    search_fields = ["user__email", "user__display_name", "municipality__name"]
    readonly_fields = ["user", "created_at", "decided_at", "decided_by", "status"]
    actions = ["approve", "reject"]

    @admin.action(description=_("Approve selected requests"))
    def approve(self, request, queryset):
        pending = queryset.filter(status=StaffRequest.Status.PENDING).select_related(
            "user", "municipality"
        )
        for staff_request in pending:
            staff_request_approve(staff_request=staff_request, by=request.user)
        count = len(pending)
        self.message_user(
            request,
            ngettext("%d request approved.", "%d requests approved.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Reject selected requests"))
    def reject(self, request, queryset):
        pending = queryset.filter(status=StaffRequest.Status.PENDING)
        for staff_request in pending:
            staff_request_reject(staff_request=staff_request, by=request.user)
        count = len(pending)
        self.message_user(
            request,
            ngettext("%d request rejected.", "%d requests rejected.", count) % count,
            messages.SUCCESS,
        )
