from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from moderation.admin import DecisionHistoryInline, reject_with_reason

from . import services
from .models import Event, Registration


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["user", "status", "queued_at", "confirmed_at", "cancelled_at", "reminder_sent_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False  # seats are taken through the service, which guards the capacity


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "state", "municipality", "organiser"]
    list_filter = ["state", "kind", "is_online", "municipality__region"]
    search_fields = ["title", "venue_name", "venue_address", "organiser__display_name"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["organiser", "related_projects"]
    filter_horizontal = ["themes"]
    # The state changes only through the actions (the services record each decision).
    readonly_fields = [
        "state",
        "slug",
        "sequence",
        "screening_score",
        "screening_reasons",
        "created_at",
        "updated_at",
        "published_at",
        "cancelled_at",
    ]
    list_select_related = ["municipality", "organiser"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["publish_events", "reject_events", "cancel_events"]
    inlines = [RegistrationInline, DecisionHistoryInline]

    def save_model(self, request, obj, form, change):
        # Edits in admin are edits like any other: through the services, which render the
        # Markdown, bump the calendar SEQUENCE, screen changed text and record decisions.
        data = {
            name: form.cleaned_data[name]
            for name in services.EDITABLE_FIELDS
            if name in form.cleaned_data
        }
        if change:
            services.event_update(event=obj, by=request.user, data=data)
        else:
            created = services.event_create(organiser=request.user, data=data)
            obj.pk, obj.slug = created.pk, created.slug
        obj.refresh_from_db()

    @admin.action(description=_("Publish the selected events"), permissions=["change"])
    def publish_events(self, request, queryset):
        count = 0
        for event in queryset.exclude(state=Event.State.PUBLISHED):
            services.event_publish(event=event, by=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(n)d event published.", "%(n)d events published.", count) % {"n": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Reject the selected events (with a reason)…"), permissions=["change"]
    )
    def reject_events(self, request, queryset):
        return reject_with_reason(
            self,
            request,
            queryset.exclude(state=Event.State.REJECTED).select_related("organiser"),
            action="reject_events",
            reject=lambda event, by, reason: services.event_reject(
                event=event, by=by, reason=reason
            ),
            author_of=lambda event: event.organiser,
            title=_("Reject events"),
            done=lambda count: ngettext("%d event rejected.", "%d events rejected.", count) % count,
        )

    @admin.action(description=_("Cancel the selected events"), permissions=["change"])
    def cancel_events(self, request, queryset):
        count = 0
        for event in queryset.exclude(state=Event.State.CANCELLED):
            services.event_cancel(event=event, by=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(n)d event cancelled.", "%(n)d events cancelled.", count) % {"n": count},
            messages.SUCCESS,
        )


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["event", "user", "status", "queued_at", "reminder_sent_at"]
    list_filter = ["status"]
    search_fields = ["event__title", "user__display_name", "user__email"]
    list_select_related = ["event", "user"]
    raw_id_fields = ["event", "user"]
    readonly_fields = ["queued_at", "confirmed_at", "cancelled_at", "reminder_sent_at"]
