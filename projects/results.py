"""Measured results of a project: what one result is, the formset of the project form, and the
one function that validates a list of results for the services (form view, API and admin)."""

from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import Project, ProjectResult

MAX_RESULTS = 10
RESULT_FIELDS = ("metric", "baseline", "result", "unit", "period", "source")


class ProjectResultForm(forms.Form):
    metric = forms.CharField(
        label=_("What was measured"),
        max_length=160,
        help_text=_("For example “salt used on cycle paths”."),
    )
    baseline = forms.FloatField(label=_("Before"), required=False)
    result = forms.FloatField(label=_("After"))
    unit = forms.CharField(
        label=_("Unit"), max_length=40, help_text=_("For example “tonnes a winter” or “%”.")
    )
    period = forms.CharField(label=_("Period"), max_length=80, required=False)
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        required=False,
        help_text=_("Who measured it, for example “the municipality's road department”."),
    )


class BaseResultFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        filled = [f for f in self.forms if f.has_changed() and not self._should_delete_form(f)]
        if len(filled) > MAX_RESULTS:
            raise ValidationError(
                _("Enter at most %(max)s results.") % {"max": MAX_RESULTS}, code="too_many"
            )

    def results(self) -> list[dict]:
        """The filled rows as plain dicts (call after is_valid())."""
        return [
            _plain(form.cleaned_data)
            for form in self.forms
            if form.has_changed() and form.cleaned_data and not self._should_delete_form(form)
        ]


ProjectResultFormSet = forms.formset_factory(
    ProjectResultForm, formset=BaseResultFormSet, extra=1, max_num=MAX_RESULTS, can_delete=True
)


def _plain(cleaned: dict) -> dict:
    return {name: cleaned.get(name) if cleaned.get(name) != "" else "" for name in RESULT_FIELDS}


def clean_results(value) -> list[dict]:
    """Validate a list of results ({metric, baseline, result, unit, period, source}); return
    them cleaned, or raise ValidationError with messages in the active language that name the
    row ("Result 2: unit: This field is required.")."""
    if value in (None, ""):
        return []
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, dict) for v in value):
        raise ValidationError(_("Results must be a list of objects."), code="invalid")
    if len(value) > MAX_RESULTS:
        raise ValidationError(
            _("Enter at most %(max)s results.") % {"max": MAX_RESULTS}, code="too_many"
        )
    cleaned, messages = [], []
    for number, item in enumerate(value, start=1):
        form = ProjectResultForm(data={name: item.get(name) for name in RESULT_FIELDS})
        if not form.is_valid():
            for field, errors in form.errors.items():
                for error in errors:
                    messages.append(
                        _("Result %(n)s: %(field)s: %(error)s")
                        % {"n": number, "field": form.fields[field].label, "error": error}
                    )
            continue
        data = _plain(form.cleaned_data)
        for name in ("metric", "unit", "period", "source"):
            data[name] = data[name].strip()
        cleaned.append(data)
    if messages:
        raise ValidationError(messages)
    return cleaned


def results_replace(*, project: Project, results: Iterable[dict]) -> None:
    """Make the project's results exactly `results` (already cleaned)."""
    with transaction.atomic():
        project.results.all().delete()
        ProjectResult.objects.bulk_create(
            ProjectResult(project=project, position=position, **item)
            for position, item in enumerate(results)
        )


def results_text(results: Iterable[dict]) -> str:
    """The results as text for the screening (the words people read are checked)."""
    return "\n".join(
        " ".join(str(item.get(name) or "") for name in ("metric", "unit", "period", "source"))
        for item in results
    )
