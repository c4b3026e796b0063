from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from moderation.models import ModerationDecision, Report


def _for_object(obj: models.Model) -> dict:
    return {
        "content_type": ContentType.objects.get_for_model(obj, for_concrete_model=True),
        "object_id": obj.pk,
    }


def decisions_for(obj: models.Model) -> QuerySet[ModerationDecision]:
    """The audit history of one object, newest first."""
    return (
        ModerationDecision.objects.filter(**_for_object(obj))
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


def open_reports_for(obj: models.Model) -> QuerySet[Report]:
    """The unresolved reports on one object, oldest first."""
    return (
        Report.objects.filter(**_for_object(obj), resolved_at__isnull=True)
        .select_related("reporter")
        .order_by("created_at", "id")
    )


def with_open_report_counts(queryset: QuerySet, *, name: str = "open_reports") -> QuerySet:
    """Annotate each row of any model's queryset with its number of open reports, in the same
    query (for moderation queues and admin lists)."""
    content_type = ContentType.objects.get_for_model(queryset.model, for_concrete_model=True)
    counts = (
        Report.objects.filter(
            content_type=content_type, object_id=OuterRef("pk"), resolved_at__isnull=True
        )
        .order_by()
        .values("object_id")
        .annotate(count=Count("id"))
        .values("count")
    )
    return queryset.annotate(**{name: Coalesce(Subquery(counts), 0)})
