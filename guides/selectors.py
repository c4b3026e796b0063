"""Reads of guides, the start page and the success stories. Each page costs a fixed number of
queries whatever the number of versions and linked items."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from catalogue.models import DataArea, Dataset
from events.models import Event
from projects.models import Project, Theme
from projects.selectors import published_projects

from .models import STALE_AFTER, Guide, GuideVersion

# The four themes the municipalities agreed on in 2019, as slugs of the reference themes
# (projects/themes.py): easy parking, smart mobility, traffic in roundabouts and junctions,
# street lighting.
COMMON_THEMES = ["parkering", "smart-mobilitet", "trafik-rundkoersler-kryds", "gadebelysning"]
# What counts as "a way in" on the start page.
INTRO_EVENT_KINDS = [Event.Kind.INTRO_SEMINAR, Event.Kind.WORKSHOP]
SOLUTIONS_PER_THEME = 3

PUBLIC = Q(current_da__isnull=False) | Q(current_en__isnull=False)


def published_guides() -> QuerySet[Guide]:
    return Guide.objects.filter(PUBLIC)


def _with_versions(queryset: QuerySet[Guide]) -> QuerySet[Guide]:
    return queryset.select_related("current_da", "current_en")


def guides_for_list(*, theme: str = "") -> list[Guide]:
    """Published guides with their current versions and themes: two queries."""
    queryset = _with_versions(published_guides()).prefetch_related("themes")
    if theme:
        queryset = queryset.filter(themes__slug=theme)
    return list(queryset.order_by("slug").distinct())


def guide_for_page(slug: str) -> Guide | None:
    """A guide with its data areas and everything its page shows as cards (one query per
    kind)."""
    return (
        _with_versions(Guide.objects.filter(slug=slug))
        .select_related("owner")
        .prefetch_related(
            "themes",
            "data_areas",
            Prefetch(
                "projects",
                published_projects().select_related("theme", "municipality").order_by("title"),
            ),
            Prefetch(
                "events",
                Event.objects.filter(state__in=[Event.State.PUBLISHED, Event.State.CANCELLED])
                .only("slug", "title", "starts_at", "ends_at", "kind", "state")
                .order_by("-starts_at"),
            ),
            Prefetch("threads", _public_threads().select_related("category").order_by("title")),
            Prefetch(
                "datasets",
                Dataset.published.select_related("municipality").order_by("title"),
            ),
        )
        .first()
    )


def _public_threads():
    from forum.selectors import public_threads

    return public_threads()


def published_versions(guide: Guide) -> list[GuideVersion]:
    """The history: every published version, newest first, with its author (one query)."""
    return list(
        guide.versions.filter(state=GuideVersion.State.PUBLISHED)
        .select_related("author", "decided_by")
        .defer("body_html", "effort_html", "pitfalls_html")
        .order_by("-number")
    )


def waiting_versions() -> list[GuideVersion]:
    return list(
        GuideVersion.objects.filter(state=GuideVersion.State.NEEDS_REVIEW)
        .select_related("guide", "author")
        .order_by("created_at")
    )


def stale_guides(now: datetime | None = None) -> list[Guide]:
    """Published guides not reviewed for 12 months (or never), the longest-unreviewed first."""
    today = timezone.localdate(now) if now else timezone.localdate()
    return list(
        _with_versions(published_guides())
        .filter(Q(last_reviewed_on__isnull=True) | Q(last_reviewed_on__lt=today - STALE_AFTER))
        .select_related("owner")
        .order_by(F("last_reviewed_on").asc(nulls_first=True), "slug")
    )


def versions_of_author(user) -> list[GuideVersion]:
    return list(
        GuideVersion.objects.filter(author=user).select_related("guide").order_by("-created_at")
    )


# --- the start page ---------------------------------------------------------------------------


@dataclass
class StartTheme:
    theme: Theme
    guides: list[Guide] = field(default_factory=list)
    solutions: list[Project] = field(default_factory=list)
    next_event: Event | None = None

    @property
    def data_areas(self) -> list[DataArea]:
        """The data areas of the theme's guides, each once, in the catalogue's order."""
        areas = {area.pk: area for guide in self.guides for area in guide.data_areas.all()}
        return sorted(areas.values(), key=lambda area: (area.position, area.slug))


def start_page(now: datetime | None = None) -> list[StartTheme]:
    """The four common themes with their guides, the three most adopted solutions and the next
    intro event or workshop: five queries whatever the amount of data."""
    now = now or timezone.now()
    themes = list(
        Theme.objects.filter(slug__in=COMMON_THEMES).prefetch_related(
            Prefetch(
                "guides",
                _with_versions(published_guides()).prefetch_related("data_areas").order_by("slug"),
                to_attr="published_guides",
            )
        )
    )
    themes.sort(key=lambda theme: COMMON_THEMES.index(theme.slug))
    by_id = {theme.pk: StartTheme(theme, list(theme.published_guides)) for theme in themes}

    ranked = (
        published_projects()
        .filter(theme_id__in=by_id)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("theme_id")],
                order_by=[F("adoption_count").desc(), F("published_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=SOLUTIONS_PER_THEME)
        .select_related("municipality")
        .order_by("theme_id", "rank")
    )
    for project in ranked:
        by_id[project.theme_id].solutions.append(project)

    links = (
        Event.themes.through.objects.filter(
            theme_id__in=by_id,
            event__state=Event.State.PUBLISHED,
            event__kind__in=INTRO_EVENT_KINDS,
            event__starts_at__gte=now,
        )
        .select_related("event")
        .order_by("event__starts_at", "event_id")[:200]
    )
    for link in links:
        entry = by_id[link.theme_id]
        if entry.next_event is None:
            entry.next_event = link.event
    return list(by_id.values())
