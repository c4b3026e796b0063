from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from moderation.models import ModerationDecision, Report


def object_filter(obj, object_id=None) -> dict:
    """The one lookup of audit rows and reports for an object: `object_filter(post)`; or for
    the rows of a model in a subquery: `object_filter(Project, OuterRef("pk"))`."""
    return {
        "content_type": ContentType.objects.get_for_model(obj, for_concrete_model=True),
        "object_id": obj.pk if object_id is None else object_id,
    }


def decisions_for(obj: models.Model) -> QuerySet[ModerationDecision]:
    """The audit history of one object, newest first."""
    return (
        ModerationDecision.objects.filter(**object_filter(obj))
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


def open_reports_for(obj: models.Model) -> QuerySet[Report]:
    """The unresolved reports on one object, oldest first."""
    return (
        Report.objects.filter(**object_filter(obj), resolved_at__isnull=True)
        .select_related("reporter")
        .order_by("created_at", "id")
    )


def with_open_report_counts(queryset: QuerySet, *, name: str = "open_reports") -> QuerySet:
    """Annotate each row of any model's queryset with its number of open reports, in the same
    query (for moderation queues and admin lists)."""
    counts = (
        Report.objects.filter(
            **object_filter(queryset.model, OuterRef("pk")), resolved_at__isnull=True
        )
        .order_by()
        .values("object_id")
        .annotate(count=Count("id"))
        .values("count")
    )
    return queryset.annotate(**{name: Coalesce(Subquery(counts), 0)})
