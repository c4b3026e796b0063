from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .appeals import appeal_check_decider, appeal_decide, appealable_for
from .forms import RejectForm
from .models import Appeal, BlockedTerm, ModerationDecision, RejectionTemplate, Report
from .rules import forget_terms
from .screening import Content, Verdict, decide, screen
from .services import reports_resolve


def _admin_link(obj, content_type, object_id):
    """A link to the object's admin page if it has one, its name otherwise."""
    label = str(obj) if obj is not None else f"{content_type.name} #{object_id}"
    try:
        url = reverse(
            f"admin:{content_type.app_label}_{content_type.model}_change", args=[object_id]
        )
    except NoReverseMatch:
        return label
    return format_html('<a href="{}">{}</a>', url, label)


def _reasons_summary(decision: ModerationDecision):
    messages_ = decision.reason_messages
    if not messages_:
        return "—"
    return format_html_join(
        "", "<div>{}</div>", ((Truncator(message).chars(120),) for message in messages_)
    )


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DecisionHistoryInline(ReadOnlyMixin, GenericTabularInline):
    """The read-only audit history of an object; put it in any ModelAdmin's `inlines`."""

    model = ModerationDecision
    ct_field = "content_type"
    ct_fk_field = "object_id"
    extra = 0
    can_delete = False
    ordering = ["-created_at", "-id"]
    fields = ["created_at", "actor_display", "action", "score", "reasons_display", "note"]
    readonly_fields = fields
    verbose_name = _("moderation decision")
    verbose_name_plural = _("moderation history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    @admin.display(description=_("actor"))
    def actor_display(self, decision):
        return decision.actor_label

    @admin.display(description=_("reasons"))
    def reasons_display(self, decision):
        return _reasons_summary(decision)


@admin.register(ModerationDecision)
class ModerationDecisionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The audit log: every decision, automatic or human. Nothing here can be changed."""

    list_display = [
        "created_at",
        "content_display",
        "actor_display",
        "action",
        "score",
        "reasons_display",
    ]
    list_filter = ["action", ("content_type", admin.RelatedOnlyFieldListFilter)]
    date_hierarchy = "created_at"
    search_fields = ["note", "actor__email", "actor__display_name"]
    list_select_related = ["actor", "content_type"]
    list_per_page = 100
    fields = [
        "created_at",
        "content_display",
        "actor_display",
        "action",
        "score",
        "reasons_display",
        "note",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        # One query per content type for the objects, not one per row.
        return super().get_queryset(request).prefetch_related("content_object")

    @admin.display(description=_("content"))
    def content_display(self, decision):
        return _admin_link(decision.content_object, decision.content_type, decision.object_id)

    @admin.display(description=_("actor"), ordering="actor")
    def actor_display(self, decision):
        return decision.actor_label

    @admin.display(description=_("reasons"))
    def reasons_display(self, decision):
        return _reasons_summary(decision)


class ReportStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", _("Open")), ("resolved", _("Resolved"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(resolved_at__isnull=True)
        if self.value() == "resolved":
            return queryset.filter(resolved_at__isnull=False)
        return queryset


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "content_display",
        "reason",
        "reporter",
        "text_display",
        "resolved_at",
    ]
    list_filter = [ReportStateFilter, "reason", ("content_type", admin.RelatedOnlyFieldListFilter)]
    date_hierarchy = "created_at"
    search_fields = ["text", "reporter__email", "reporter__display_name"]
    list_select_related = ["reporter", "content_type"]
    readonly_fields = [
        "content_type",
        "object_id",
        "content_display",
        "reporter",
        "reason",
        "text",
        "created_at",
        "resolved_at",
        "resolved_by",
    ]
    fields = readonly_fields
    actions = ["resolve"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("content_object")

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("content"))
    def content_display(self, report):
        return _admin_link(report.content_object, report.content_type, report.object_id)

    @admin.display(description=_("explanation"))
    def text_display(self, report):
        return Truncator(report.text).chars(80)

    @admin.action(description=_("Resolve the reports on the selected reports' content"))
    def resolve(self, request, queryset):
        resolved = 0
        for report in queryset.filter(resolved_at__isnull=True):
            if report.content_object is not None:
                resolved += reports_resolve(obj=report.content_object, by=request.user)
        self.message_user(
            request,
            ngettext("%d report resolved.", "%d reports resolved.", resolved) % resolved,
            messages.SUCCESS,
        )


class AppealStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state__exact"

    def lookups(self, request, model_admin):
        return Appeal.State.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(state=self.value())
        return queryset


class AppealDecisionForm(forms.ModelForm):
    """The second moderator's decision: grant (restore the item) or refuse, with a reason
    sent to the author. Refused, with a clear message, for the moderator who decided first."""

    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("grant", _("Grant the appeal: restore the item")),
            ("refuse", _("Refuse the appeal: the decision stands")),
        ],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Appeal
        fields = ["outcome", "decision_reason"]

    moderator = None  # set per request by AppealAdmin.get_form

    def clean(self):
        data = super().clean()
        from django.core.exceptions import ValidationError

        try:
            appeal_check_decider(appeal=self.instance, by=self.moderator)
        except PermissionDenied as error:
            raise ValidationError(str(error)) from error
        if not (data.get("decision_reason") or "").strip():
            self.add_error("decision_reason", _("Write a reason for the author."))
        return data


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    """Appeals wait here; a moderator other than the one who decided first grants or
    refuses them."""

    list_display = [
        "created_at",
        "content_display",
        "appellant",
        "first_decision_display",
        "state",
        "decided_by",
    ]
    list_filter = [AppealStateFilter, ("content_type", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["appellant", "decided_by", "content_type", "first_decision"]
    search_fields = ["reason", "appellant__email", "appellant__display_name"]
    date_hierarchy = "created_at"
    form = AppealDecisionForm
    readonly_fields = [
        "content_display",
        "content_text",
        "appellant",
        "created_at",
        "first_decision_display",
        "first_decided_by",
        "reason",
        "state",
        "decided_by",
        "decided_at",
    ]
    inlines = []

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("content_object")

    def get_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is not None and obj.is_pending:
            fields += ["outcome", "decision_reason"]
        else:
            fields += ["decision_reason"]
        return fields

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_pending:
            return [*self.readonly_fields, "decision_reason"]
        return self.readonly_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = super().get_form(request, obj, change=change, **kwargs)
        return type("AppealDecisionFormFor", (base,), {"moderator": request.user})

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and not obj.is_pending:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        appeal_decide(
            appeal=obj,
            by=request.user,
            grant=form.cleaned_data["outcome"] == "grant",
            reason=form.cleaned_data["decision_reason"],
        )

    def response_change(self, request, obj):
        obj.refresh_from_db()
        message = (
            _("The appeal was granted and the item restored; the author is told.")
            if obj.state == Appeal.State.GRANTED
            else _("The appeal was refused; the author is told.")
        )
        self.message_user(request, message, messages.SUCCESS)
        from django.http import HttpResponseRedirect

        return HttpResponseRedirect(
            reverse("admin:moderation_appeal_changelist") + "?state__exact=pending"
        )

    @admin.display(description=_("content"))
    def content_display(self, appeal):
        return _admin_link(appeal.content_object, appeal.content_type, appeal.object_id)

    @admin.display(description=_("what the author wrote"))
    def content_text(self, appeal):
        obj = appeal.content_object
        appealable = appealable_for(obj) if obj is not None else None
        return Truncator(appealable.text(obj)).chars(2000) if appealable else "—"

    @admin.display(description=_("decision appealed"))
    def first_decision_display(self, appeal):
        decision = appeal.first_decision
        label = f"{decision.get_action_display()} · {decision.created_at:%Y-%m-%d}"
        if decision.note:
            label += f" · {Truncator(decision.note).chars(120)}"
        return label

    def save_related(self, request, form, formsets, change):
        pass  # no related objects; the service saved everything


class LabelledListEditableMixin:
    """Editable list cells have no visible label; name each input after its row (WCAG 4.1.2)."""

    def get_changelist_form(self, request, **kwargs):
        base = super().get_changelist_form(request, **kwargs)
        editable = list(self.list_editable)

        class LabelledForm(base):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, **form_kwargs)
                for name in editable:
                    field = self.fields[name]
                    field.widget.attrs["aria-label"] = f"{field.label}: {self.instance}"

        return LabelledForm


class TryScreeningForm(forms.Form):
    KINDS = [("project", _("Project")), ("forum_post", _("Forum post")), ("event", _("Event"))]

    kind = forms.ChoiceField(label=_("Kind of content"), choices=KINDS, initial="project")
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 8, "cols": 80}), max_length=20_000
    )

    def full_clean(self):
        super().full_clean()
        # Tie each error to its input for screen readers.
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-describedby"] = f"id_{name}_errors"
                attrs["aria-invalid"] = "true"


@admin.register(BlockedTerm)
class BlockedTermAdmin(LabelledListEditableMixin, admin.ModelAdmin):
    list_display = ["term", "kind", "language", "active"]
    list_editable = ["active"]
    list_filter = ["kind", "language", "active"]
    search_fields = ["term"]
    list_per_page = 200
    actions = ["activate", "deactivate"]
    change_list_template = "admin/moderation/blockedterm/change_list.html"

    def get_urls(self):
        urls = [
            path(
                "try/",
                self.admin_site.admin_view(self.try_screening),
                name="moderation_blockedterm_try",
            )
        ]
        return urls + super().get_urls()

    def try_screening(self, request):
        """Screen a text as it would be screened on submission, without saving anything: how
        moderators see what a change to the lists does."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = TryScreeningForm(request.POST or None)
        result = verdicts = None
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            result = screen(
                Content(
                    kind=data["kind"],
                    texts={"title": data["title"], "body": data["text"]},
                    author=None,
                )
            )
            verdicts = {
                "citizen": Verdict(decide(result, trusted=False)).label,
                "trusted": Verdict(decide(result, trusted=True)).label,
            }
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Try the screening"),
            "form": form,
            "result": result,
            "verdicts": verdicts,
        }
        return TemplateResponse(request, "admin/moderation/blockedterm/try.html", context)

    @admin.action(description=_("Switch the selected terms on"), permissions=["change"])
    def activate(self, request, queryset):
        self._set_active(request, queryset, True)

    @admin.action(description=_("Switch the selected terms off"), permissions=["change"])
    def deactivate(self, request, queryset):
        self._set_active(request, queryset, False)

    def _set_active(self, request, queryset, active: bool) -> None:
        count = queryset.update(active=active)
        forget_terms()  # a bulk update sends no signals
        self.message_user(
            request,
            ngettext("%d term changed.", "%d terms changed.", count) % count,
            messages.SUCCESS,
        )


@admin.register(RejectionTemplate)
class RejectionTemplateAdmin(LabelledListEditableMixin, admin.ModelAdmin):
    list_display = ["title", "position"]
    list_editable = ["position"]
    search_fields = ["title", "text_da", "text_en"]


def reject_with_reason(
    modeladmin, request, queryset, *, action: str, reject, author_of, title=None, done=None
):
    """The one admin reject action: ask for a reason (a template or own words) on an
    intermediate page, then call `reject(obj, by, reason)` — the app's service — for each.
    `title` heads the page and `done(count)` words the message, in the kind's own words.
    Returns the page to show, or None when done."""
    if "apply" in request.POST:
        form = RejectForm(request.POST)
        if form.is_valid():
            items = list(queryset)
            for item in items:
                reject(item, request.user, form.reason_for(author_of(item)))
            count = len(items)
            modeladmin.message_user(
                request,
                done(count)
                if done
                else ngettext("%d item rejected.", "%d items rejected.", count) % count,
                messages.SUCCESS,
            )
            return None
    else:
        form = RejectForm()
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title or _("Reject"),
        "items": queryset,
        "form": form,
        "action": action,
        "opts": modeladmin.model._meta,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/moderation/reject.html", context)
