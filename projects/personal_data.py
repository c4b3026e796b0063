"""Projects' part of the data export and account deletion (see accounts/personal_data.py).

On deletion the projects stay, shown as by a former user (no author); images attached to a
project stay with it; uploads never attached to a project are deleted with their files."""

from django.utils.translation import gettext_lazy as _

from accounts.personal_data import Rows, iso, register
from moderation.personal_data import decisions_about

from .models import Adoption, Project, ProjectImage


def _projects(user) -> Rows:
    projects = list(
        Project.objects.filter(author=user).select_related("theme", "municipality").order_by("pk")
    )
    decisions = decisions_about(Project, [project.pk for project in projects])
    return [
        {
            "title": project.title,
            "url": project.get_absolute_url(),
            "state": project.state,
            "status": project.status,
            "theme": project.theme.name,
            "summary": project.summary,
            "description": project.description,
            "organisation": project.organisation,
            "submitter_kind": project.submitter_kind,
            "website": project.website,
            "open_data_links": project.open_data_links,
            "address": project.address,
            "lat": project.lat,
            "lng": project.lng,
            "municipality": project.municipality.name if project.municipality_id else None,
            "started_on": iso(project.started_on),
            "ended_on": iso(project.ended_on),
            "created_at": iso(project.created_at),
            "updated_at": iso(project.updated_at),
            "published_at": iso(project.published_at),
            "rejection_reason": project.rejection_reason,
            "pending_version": project.pending_changes,
            "moderation_decisions": decisions.get(project.pk, []),
        }
        for project in projects
    ]


def _images(user) -> Rows:
    images = ProjectImage.objects.filter(uploaded_by=user).select_related("project")
    return [
        {
            "project": image.project.title if image.project_id else None,
            "file": image.image.name.rpartition("/")[2],
            "format": image.format,
            "width": image.width,
            "height": image.height,
            "alt_text": image.alt_text,
            "created_at": iso(image.created_at),
        }
        for image in images.order_by("pk")
    ]


def _adoptions(user) -> Rows:
    adoptions = Adoption.objects.filter(created_by=user).select_related("project", "municipality")
    return [
        {
            "project": adoption.project.title,
            "municipality": adoption.municipality.name,
            "note": adoption.note,
            "created_at": iso(adoption.created_at),
        }
        for adoption in adoptions.order_by("pk")
    ]


def _erase(user):
    Project.objects.filter(author=user).update(author=None)
    Adoption.objects.filter(created_by=user).update(created_by=None)
    loose = ProjectImage.objects.filter(uploaded_by=user, project__isnull=True)
    files = [image.image for image in loose if image.image]
    loose.delete()
    return files


register(
    "projects",
    title=_("Projects"),
    description=_(
        "The projects you submitted, with a pending edit and the moderation decisions about each."
    ),
    fields={
        "title": _("Title"),
        "url": _("The project's address on the site"),
        "state": _("published, needs_review, rejected, hidden, withdrawn …"),
        "status": _("idea, planned, pilot, operation or completed"),
        "summary, description, organisation, website, open_data_links": _("What you wrote"),
        "address, lat, lng, municipality": _("Where the project is"),
        "created_at, updated_at, published_at": _("When it was submitted, changed, published"),
        "rejection_reason": _("The moderator's reason, if it was rejected"),
        "pending_version": _("An edit that waits for screening or a moderator"),
        "moderation_decisions": _(
            "Each decision: action, automatic or not, reasons, note, time (not who decided)"
        ),
    },
    export=_projects,
    erase=_erase,
)
register(
    "images",
    title=_("Images"),
    description=_("The images you uploaded to projects."),
    fields={
        "project": _("The project it belongs to (empty if never attached)"),
        "file, format, width, height": _("The stored file"),
        "alt_text": _("Your description of the image"),
        "created_at": _("When you uploaded it"),
    },
    export=_images,
)
register(
    "adoptions",
    title=_("Adoptions"),
    description=_("Projects you marked as used by your municipality."),
    fields={
        "project": _("The project"),
        "municipality": _("The municipality that uses it"),
        "note": _("Your note"),
        "created_at": _("When"),
    },
    export=_adoptions,
)
