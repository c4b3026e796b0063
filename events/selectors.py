"""Reads of events. One filter function serves the pages, the API and the calendar feeds."""

from dataclasses import dataclass, fields
from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from places.models import Municipality

from .models import Event, Registration

MODES = ("online", "in_person")


@dataclass(frozen=True)
class EventFilters:
    kind: str = ""  # Event.Kind value
    theme: str = ""  # theme slug
    municipality: str = ""  # municipality slug
    region: str = ""  # region slug
    mode: str = ""  # "online" or "in_person"
    q: str = ""

    @classmethod
    def from_query(cls, query) -> "EventFilters":
        """Read the filters from a QueryDict; unknown values are ignored rather than failing."""
        values = {f.name: (query.get(f.name) or "").strip()[:100] for f in fields(cls)}
        if values["kind"] not in Event.Kind.values:
            values["kind"] = ""
        if values["mode"] not in MODES:
            values["mode"] = ""
        return cls(**values)

    def as_query(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    @property
    def active(self) -> bool:
        return bool(self.as_query())


def public_events() -> QuerySet[Event]:
    """Published and cancelled events: what anyone may see (cancellations are news too)."""
    return Event.objects.filter(state__in=[Event.State.PUBLISHED, Event.State.CANCELLED])


def published_events() -> QuerySet[Event]:
    return Event.objects.filter(state=Event.State.PUBLISHED)


def upcoming(queryset: QuerySet[Event], now: datetime | None = None) -> QuerySet[Event]:
    """Events that have not ended yet, soonest first."""
    return queryset.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "pk")


def past(queryset: QuerySet[Event], now: datetime | None = None) -> QuerySet[Event]:
    """Events that have ended, the latest first."""
    return queryset.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")


def filter_events(queryset: QuerySet[Event], filters: EventFilters) -> QuerySet[Event]:
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.theme:
        queryset = queryset.filter(themes__slug=filters.theme)
    if filters.municipality:
        queryset = queryset.filter(municipality__slug=filters.municipality)
    if filters.region:
        queryset = queryset.filter(municipality__region__slug=filters.region)
    if filters.mode == "online":
        queryset = queryset.filter(is_online=True)
    elif filters.mode == "in_person":
        queryset = queryset.exclude(venue_address="")
    if filters.q:
        for word in filters.q.split()[:8]:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(venue_name__icontains=word)
                | Q(venue_address__icontains=word)
            )
    return queryset


def with_listing_data(queryset: QuerySet[Event]) -> QuerySet[Event]:
    """Everything a list or feed shows, in a fixed number of queries: the event with its
    municipality (one join), its themes (one prefetch) and its confirmed seat count."""
    return (
        queryset.select_related("municipality")
        .prefetch_related("themes")
        .annotate(
            confirmed_count=Count(
                "registrations",
                filter=Q(registrations__status=Registration.Status.CONFIRMED),
                distinct=True,
            )
        )
    )


def event_for_page(slug: str) -> Event | None:
    """One event with what its page shows: places, organiser, themes, related projects."""
    return (
        with_listing_data(Event.objects.all())
        .select_related(
            "municipality__region", "organiser", "organiser_municipality", "forum_category"
        )
        .prefetch_related(
            Prefetch("related_projects", queryset=_public_projects()),
        )
        .filter(slug=slug)
        .first()
    )


def _public_projects():
    from django.apps import apps

    Project = apps.get_model("projects", "Project")
    return Project.objects.filter(state=Project.State.PUBLISHED).only("title", "slug")


def seats_left(event: Event) -> int | None:
    """Free seats (never negative), or None for no limit. Uses the annotated count if there."""
    if event.capacity is None:
        return None
    taken = getattr(event, "confirmed_count", None)
    if taken is None:
        taken = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    return max(event.capacity - taken, 0)


def registration_of(event: Event, user) -> Registration | None:
    """The user's live registration (confirmed or waiting) for the event, if any."""
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(event=event, user=user)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )


def waiting_position(registration: Registration) -> int:
    """1 for the first on the waiting list."""
    return (
        Registration.objects.filter(
            event_id=registration.event_id,
            status=Registration.Status.WAITING,
        )
        .filter(
            Q(queued_at__lt=registration.queued_at)
            | Q(queued_at=registration.queued_at, pk__lt=registration.pk)
        )
        .count()
        + 1
    )


def participants(event: Event) -> QuerySet[Registration]:
    """Confirmed participants first, then the waiting list in order."""
    return (
        event.registrations.exclude(status=Registration.Status.CANCELLED)
        .select_related("user")
        .order_by("status", "queued_at", "pk")
    )


def pending_for_organiser(user) -> list[Event]:
    """The organiser's events that the public cannot see yet (or was not allowed to)."""
    return list(
        Event.objects.filter(organiser=user)
        .exclude(state__in=[Event.State.PUBLISHED, Event.State.CANCELLED])
        .only("title", "slug", "state", "starts_at")
        .order_by("-created_at")[:20]
    )


def upcoming_in_municipality(municipality: Municipality, limit: int = 5) -> list[Event]:
    return list(
        upcoming(public_events().filter(municipality=municipality)).only(
            "title", "slug", "starts_at", "ends_at", "state", "kind"
        )[:limit]
    )


def events_of_organiser(user, limit: int = 20) -> list[Event]:
    """The events the user organises, in every state, the soonest first."""
    return list(
        Event.objects.filter(organiser=user)
        .only("title", "slug", "state", "starts_at", "ends_at")
        .order_by("-starts_at")[:limit]
    )


def registrations_of(user, limit: int = 20) -> list[Registration]:
    """The user's current registrations (also on a waiting list) for events not yet over."""
    return list(
        Registration.objects.filter(
            user=user,
            status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING],
            event__ends_at__gte=timezone.now(),
        )
        .select_related("event")
        .order_by("event__starts_at")[:limit]
    )
