"""Demo guides for seed_demo: one per common theme, Danish (version 1) with an English version
(version 2), published by the demo moderator; an intro seminar on the four themes; measured
results on a few demo projects, one of them featured as a success story.

Idempotent: guides are keyed by slug, the event by slug, results are only added to projects
that have none."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from catalogue.models import DataArea, Dataset
from events.models import Event
from projects.models import Project, ProjectResult, Theme
from smartcity.markdown import render_markdown

from .demo_content import FEATURED, GUIDES, RESULTS
from .models import Guide, GuideVersion
from .services import render_with_toc

AUTHOR = "trafik@aarhus.dk"
MODERATOR = "moderator@example.com"
INTRO_EVENT_SLUG = "demo-kom-i-gang-med-smart-city-webinar"


def _version(guide: Guide, number: int, language: str, text: dict, meta: dict, users) -> None:
    body_html, toc = render_with_toc(text["body"])
    effort_html = render_with_toc(text["effort"], prefix="cost-")[0]
    pitfalls_html = render_with_toc(text["pitfalls"], prefix="pitfall-")[0]
    version = GuideVersion.objects.create(
        guide=guide,
        number=number,
        language=language,
        author=users.get(AUTHOR),
        state=GuideVersion.State.PUBLISHED,
        title=text["title"],
        summary=text["summary"],
        steps=text["steps"],
        body=text["body"],
        effort=text["effort"],
        pitfalls=text["pitfalls"],
        body_html=body_html,
        effort_html=effort_html,
        pitfalls_html=pitfalls_html,
        toc=toc,
        meta=meta,
        change_note="Første udgave" if language == "da" else "English version",
        decided_by=users.get(MODERATOR),
        decided_at=timezone.now(),
        screening_score=0.0,
    )
    setattr(guide, f"current_{language}", version)


def _seed_guides(users) -> int:
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    created = 0
    for spec in GUIDES:
        if Guide.objects.filter(slug=spec["slug"]).exists():
            continue
        projects = list(
            Project.objects.filter(
                title__in=spec["projects"], state=Project.State.PUBLISHED
            ).order_by("title")
        )
        areas = list(DataArea.objects.filter(slug__in=spec["data_areas"]))
        # Two catalogue datasets of the first area as examples (the catalogue is seeded first).
        datasets = list(
            Dataset.published.filter(areas__slug=spec["data_areas"][0]).order_by("title")[:2]
        )
        meta = {
            "themes": [spec["theme"]],
            "audience": spec["audience"],
            "data_areas": [area.slug for area in areas],
            "projects": [p.slug for p in projects],
            "events": [],
            "threads": [],
            "datasets": [dataset.slug for dataset in datasets],
        }
        guide = Guide.objects.create(
            slug=spec["slug"],
            owner=users.get(AUTHOR),
            audience=spec["audience"],
            last_reviewed_on=timezone.localdate(),
            published_at=timezone.now(),
        )
        _version(guide, 1, "da", spec["da"], meta, users)
        _version(guide, 2, "en", spec["en"], meta, users)
        guide.save(update_fields=["current_da", "current_en"])
        if spec["theme"] in themes:
            guide.themes.set([themes[spec["theme"]]])
        guide.projects.set(projects)
        guide.data_areas.set(areas)
        guide.datasets.set(datasets)
        created += 1
    return created


def _seed_intro_event(users) -> None:
    if Event.objects.filter(slug=INTRO_EVENT_SLUG).exists():
        return
    starts_at = (timezone.now() + timedelta(days=24)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    description = (
        "Et webinar for kommuner, der vil i gang med Smart City. Vi gennemgår de fire fælles "
        "temaer — nem parkering, smart mobilitet, trafik i kryds og rundkørsler og "
        "gadebelysning — med en guide, de løsninger flest kommuner bruger, og de data, der "
        "er værd at dele.\n\n**For** alle medarbejdere, der skal starte arbejdet op."
    )
    organiser = users.get(AUTHOR)
    event = Event.objects.create(
        slug=INTRO_EVENT_SLUG,
        title="Kom i gang med Smart City (webinar)",
        kind=Event.Kind.INTRO_SEMINAR,
        description=description,
        description_html=render_markdown(description),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        registration_deadline=starts_at - timedelta(days=1),
        is_online=True,
        online_url="https://meet.example.dk/kom-i-gang",
        organiser=organiser,
        organiser_municipality=organiser.municipality if organiser else None,
        state=Event.State.PUBLISHED,
        published_at=timezone.now(),
    )
    event.themes.set(
        Theme.objects.filter(
            slug__in=["parkering", "smart-mobilitet", "trafik-rundkoersler-kryds", "gadebelysning"]
        )
    )


def _seed_results() -> None:
    for title, results in RESULTS.items():
        project = Project.objects.filter(title=title, state=Project.State.PUBLISHED).first()
        if project is None or project.results.exists():
            continue
        ProjectResult.objects.bulk_create(
            ProjectResult(project=project, position=n, **item) for n, item in enumerate(results)
        )
        if title in FEATURED and project.featured_at is None:
            project.featured_at = timezone.now()
            project.save(update_fields=["featured_at", "updated_at"])


def seed(*, stdout, options) -> None:
    users = {user.email: user for user in User.objects.all()}
    _seed_results()
    _seed_intro_event(users)
    created = _seed_guides(users)
    stdout.write(f"Guides: {created} demo guides created.")
