"""Writes on projects. The form views, the API, the admin and the pipeline all call these.

`data` for project_submit/project_update is a dict with the keys of `ProjectDataForm`:
title, summary, description, theme (a Theme or its slug), status, submitter_kind, organisation,
started_on, ended_on (date or "YYYY-MM-DD"), website, open_data_links (list of {"title", "url"}
or of URLs), address, lat, lng. Invalid data raises django.core.exceptions.ValidationError with
a dict of field -> messages in the active language; nothing is saved then.
"""

import logging
import secrets
from collections.abc import Sequence
from datetime import date, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from participation.services import follow_own
from smartcity.activity import Kind, announce
from smartcity.enqueue import delay_on_commit
from smartcity.images import clean_image
from smartcity.limits import limit_check
from smartcity.markdown import render_markdown
from smartcity.slugs import danish_slugify, unique_slug
from smartcity.text import one_line

from .forms import MAX_IMAGES, ProjectDataForm
from .models import Adoption, Project, ProjectImage, Theme
from .results import clean_results, results_replace

logger = logging.getLogger(__name__)

DATA_FIELDS = list(ProjectDataForm.base_fields)
# States in which the author may still change the project in place (it has not been public).
EDITABLE_IN_PLACE = {
    Project.State.SUBMITTED,
    Project.State.PROCESSING,
    Project.State.NEEDS_REVIEW,
    Project.State.REJECTED,
}


# --- checks -----------------------------------------------------------------------------------


def _check_can_submit(user: User) -> None:
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Sign in to submit a project."))
    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        raise PermissionDenied(_("Confirm your e-mail address before you submit a project."))


def _check_is_author(project: Project, user: User) -> None:
    if not user.is_authenticated or project.author_id != user.pk:
        raise PermissionDenied(_("Only the author can change this project."))


def _check_can_adopt(project: Project, user: User) -> None:
    if not user.is_authenticated or not user.is_municipal_staff:
        raise PermissionDenied(_("Only verified municipal staff can mark that a solution is used."))
    if project.state != Project.State.PUBLISHED:
        raise PermissionDenied(_("Only published projects can be marked as used."))
    if project.municipality_id is not None and project.municipality_id == user.municipality_id:
        # The project's own municipality is where it comes from, not one that took it up.
        raise ValidationError(
            {
                "note": [
                    _(
                        "This is your own municipality's project; only other municipalities "
                        "can mark that they use it."
                    )
                ]
            }
        )


def project_validate(*, data: dict) -> dict:
    """Return the cleaned data or raise ValidationError({field: [messages]})."""
    form = ProjectDataForm(data={name: data.get(name) for name in DATA_FIELDS})
    errors = {}
    if not form.is_valid():
        errors = {field: [str(m) for m in messages] for field, messages in form.errors.items()}
    results = None
    if data.get("results") is not None:  # absent: the results stay as they are
        try:
            results = clean_results(data["results"])
        except ValidationError as error:
            errors["results"] = [str(message) for message in error.messages]
    if errors:
        raise ValidationError(errors)
    cleaned = form.cleaned_data
    if results is not None:
        cleaned["results"] = results
    for name in ("title", "summary", "description", "organisation", "address"):
        cleaned[name] = cleaned[name].strip()
    cleaned["title"] = one_line(cleaned["title"])  # it goes into e-mail subjects and feeds
    return cleaned


# --- helpers ----------------------------------------------------------------------------------

# Paths under /projects/ that a project's slug must not shadow.
RESERVED_SLUGS = {"submit", "mine", "images"}


def _slug_base(title: str) -> str:
    return danish_slugify(title, fallback="projekt")


def _unique_slug(title: str) -> str:
    return unique_slug(_slug_base(title), Project.objects.all())


def _apply(project: Project, cleaned: dict) -> list[str]:
    """Copy cleaned data onto the project; return the changed field names for update_fields."""
    fields = [name for name in cleaned if name != "results"]  # results are rows of their own
    for name in fields:
        setattr(project, name, cleaned[name])
    project.description_html = render_markdown(project.description)
    project.precision = Project.Precision.POINT if project.lat is not None else ""
    return [*fields, "description_html", "precision", "updated_at"]


def _store_results(project: Project, cleaned: dict) -> None:
    if "results" in cleaned:
        results_replace(project=project, results=cleaned["results"])


def _attach_images(project: Project, author: User, tokens: Sequence[str]) -> int:
    """Attach the author's own unattached images; tokens of anyone else are ignored."""
    tokens = list(dict.fromkeys(t for t in tokens if isinstance(t, str) and t))
    if not tokens:
        return 0
    room = MAX_IMAGES - project.images.count() if project.pk else MAX_IMAGES
    images = ProjectImage.objects.filter(
        token__in=tokens[: max(room, 0)], uploaded_by=author, project__isnull=True
    )
    order = {token: index for index, token in enumerate(tokens)}
    attached = 0
    for image in images:
        image.project = project
        image.position = order[image.token]
        image.save(update_fields=["project", "position"])
        attached += 1
    return attached


def _serialise(cleaned: dict) -> dict:
    out = {}
    for name, value in cleaned.items():
        if isinstance(value, Theme):
            value = value.slug
        elif isinstance(value, date):
            value = value.isoformat()
        out[name] = value
    return out


def _reset_processing(project: Project) -> list[str]:
    project.state = Project.State.SUBMITTED
    project.attempts = 0
    project.next_attempt_at = None
    project.lease_expires_at = None
    project.last_error = ""
    project.rejection_reason = ""
    return ["state", "attempts", "next_attempt_at", "lease_expires_at", "last_error",
            "rejection_reason"]  # fmt: skip


def _enqueue(project: Project) -> None:
    from .tasks import process_submission

    delay_on_commit(process_submission, project.pk)


# --- projects ---------------------------------------------------------------------------------


def project_submit(
    *, author: User, data: dict, image_tokens: Sequence[str] = (), client: str = ""
) -> Project:
    """Validate and save a new project in state `submitted`, attach the author's uploaded
    images and hand it to the pipeline once the transaction commits. `client` is the client
    address (smartcity.client_address): many accounts from one address count together."""
    _check_can_submit(author)
    cleaned = project_validate(data=data)
    limit_check(
        user=author,
        scope="project_submit",
        limit=settings.PROJECTS_SUBMISSIONS_PER_HOUR,
        per_seconds=3600,
        message=_("You have submitted many projects. Try again later."),
    )
    if client:
        limit_check(
            user=author,
            ident=f"address:{client}",
            scope="project_submit",
            limit=settings.PROJECTS_SUBMISSIONS_PER_ADDRESS_HOUR,
            per_seconds=3600,
            message=_("You have submitted many projects. Try again later."),
        )
    with transaction.atomic():
        project = Project(author=author, state=Project.State.SUBMITTED)
        _apply(project, cleaned)
        project.slug = _unique_slug(project.title)
        try:
            with transaction.atomic():
                project.save()
        except IntegrityError:
            # Someone took the slug between our look-up and the insert.
            project.slug = f"{_slug_base(project.title)}-{secrets.token_hex(4)}"
            project.save()
        _attach_images(project, author, image_tokens)
        _store_results(project, cleaned)
        follow_own(user=author, target=project)  # authors follow their own by default
        _enqueue(project)
    logger.info("project %s submitted by user %s", project.pk, author.pk)
    return project


def project_update(
    *, project: Project, by: User, data: dict, image_tokens: Sequence[str] = ()
) -> Project:
    """The author changes their project.

    A published project keeps its public content: the edit waits in `pending_changes` until
    the pipeline (or a moderator) approves it with project_apply_pending_changes(). Anything
    not yet public is changed in place and checked again from the start.
    """
    _check_is_author(project, by)
    if project.state not in EDITABLE_IN_PLACE and project.state != Project.State.PUBLISHED:
        raise PermissionDenied(_("This project can no longer be changed."))
    cleaned = project_validate(data=data)
    with transaction.atomic():
        if project.state == Project.State.PUBLISHED:
            pending = _serialise(cleaned)
            pending["image_tokens"] = [t for t in image_tokens if isinstance(t, str)][:MAX_IMAGES]
            pending["requested_at"] = timezone.now().isoformat()
            project.pending_changes = pending
            project.pending_checked_at = None
            project.save(update_fields=["pending_changes", "pending_checked_at", "updated_at"])
        else:
            fields = _apply(project, cleaned) + _reset_processing(project)
            project.save(update_fields=fields)
            _attach_images(project, by, image_tokens)
            _store_results(project, cleaned)
        _enqueue(project)
    return project


@transaction.atomic
def project_apply_pending_changes(*, project: Project) -> Project:
    """Make a screened edit of a published project public. The pipeline/moderation calls it."""
    pending = project.pending_changes
    if not pending:
        return project
    cleaned = project_validate(data=pending)
    old_status, old_results = project.status, project.results.count()
    fields = _apply(project, cleaned)
    project.pending_changes = None
    project.pending_checked_at = None
    project.save(update_fields=[*fields, "pending_changes", "pending_checked_at"])
    _store_results(project, cleaned)
    project_announce_changes(
        project=project, old_status=old_status, old_results=old_results, by=project.author
    )
    if project.author_id:
        _attach_images(project, project.author, pending.get("image_tokens") or ())
    return project


def project_withdraw(*, project: Project, by: User) -> Project:
    """The author takes the project off the map. The row is kept."""
    _check_is_author(project, by)
    if project.state == Project.State.WITHDRAWN:
        return project
    if project.state == Project.State.HIDDEN:
        raise PermissionDenied(_("This project can no longer be changed."))
    project.state = Project.State.WITHDRAWN
    project.pending_changes = None
    project.save(update_fields=["state", "pending_changes", "updated_at"])
    return project


# --- what followers hear ---------------------------------------------------------------------


def _status_msgid(status: str) -> str:
    # The English label is the msgid: each reader sees it translated into their own language.
    with translation.override("en"):
        return str(Project.Status(status).label) if status in Project.Status.values else status


def project_announce_changes(
    *, project: Project, old_status: str, old_results: int, by: User | None
) -> None:
    """Tell the followers of a published project that its status changed or that it got
    measured results. Every path that changes a published project calls this."""
    if project.state != Project.State.PUBLISHED:
        return
    if old_status != project.status:
        announce(
            project,
            Kind.STATUS_CHANGED,
            actor=by,
            old=_status_msgid(old_status),
            new=_status_msgid(project.status),
        )
    if project.results.count() > old_results:
        announce(project, Kind.RESULTS_ADDED, actor=by)


def project_announce_published(*, project_id: int, by: User | None = None) -> None:
    """A project became public for the first time: the alerts for its municipality and theme
    hear of it."""
    project = Project.objects.filter(pk=project_id).first()
    if project is None or project.state != Project.State.PUBLISHED:
        return
    announce(
        project,
        Kind.CREATED,
        actor=project.author if by is None else by,
        municipality_id=project.municipality_id,
        theme_id=project.theme_id,
    )


# --- success stories ----------------------------------------------------------------------------


def _check_is_moderator(user: User) -> None:
    if not user.is_authenticated or not user.is_moderator:
        raise PermissionDenied(_("Only moderators can feature success stories."))


def project_feature(*, project: Project, by: User) -> Project:
    """A moderator features a published project with measured results as a success story."""
    from moderation.services import decision_record

    _check_is_moderator(by)
    if project.state != Project.State.PUBLISHED or not project.results.exists():
        raise ValidationError(
            _("Only a published project with measured results can be a success story.")
        )
    with transaction.atomic():
        project.featured_at = project.featured_at or timezone.now()
        project.save(update_fields=["featured_at", "updated_at"])
        decision_record(obj=project, action="feature", actor=by)
    return project


def project_unfeature(*, project: Project, by: User) -> Project:
    from moderation.services import decision_record

    _check_is_moderator(by)
    with transaction.atomic():
        project.featured_at = None
        project.save(update_fields=["featured_at", "updated_at"])
        decision_record(obj=project, action="unfeature", actor=by)
    return project


# --- images -----------------------------------------------------------------------------------


def project_image_upload(*, uploaded_by: User, file, alt_text: str = "") -> ProjectImage:
    """Check and store an uploaded image, not yet attached to a project. The returned token is
    what a form (or the API) sends with the submission to attach it."""
    if not uploaded_by.is_authenticated:
        raise PermissionDenied(_("Sign in to upload images."))
    cleaned = clean_image(file)  # raises ValidationError with a translated message
    image = ProjectImage(
        uploaded_by=uploaded_by,
        token=secrets.token_hex(16),
        format=cleaned.format,
        width=cleaned.width,
        height=cleaned.height,
        alt_text=alt_text.strip()[:200],
    )
    image.image.save(f"{image.token}.{cleaned.extension}", cleaned.content, save=False)
    image.save()
    return image


def project_images_delete_orphans(*, older_than: timedelta = timedelta(days=2)) -> int:
    """Delete uploaded images that never became part of a project (the form was abandoned),
    files included. Returns how many were deleted. Meant for a periodic task."""
    cutoff = timezone.now() - older_than
    orphans = list(ProjectImage.objects.filter(project__isnull=True, created_at__lt=cutoff))
    for image in orphans:
        image.image.delete(save=False)
        image.delete()
    return len(orphans)


# --- adoptions --------------------------------------------------------------------------------


def adoption_create(*, project: Project, by: User, note: str = "") -> Adoption:
    """Verified municipal staff mark that their own municipality uses the project too."""
    _check_can_adopt(project, by)
    with transaction.atomic():
        try:
            with transaction.atomic():
                adoption = Adoption.objects.create(
                    project=project,
                    municipality_id=by.municipality_id,
                    note=note.strip()[:500],
                    created_by=by,
                )
        except IntegrityError:
            raise ValidationError(
                {"note": [_("Your municipality already uses this solution.")]}
            ) from None
        Project.objects.filter(pk=project.pk).update(adoption_count=F("adoption_count") + 1)
        announce(project, Kind.ADOPTED, actor=by, municipality=adoption.municipality.name)
    project.refresh_from_db(fields=["adoption_count"])
    return adoption


def adoption_delete(*, project: Project, by: User) -> None:
    """Staff withdraw their own municipality's adoption. Deleting none is not an error."""
    if not by.is_authenticated or not by.is_municipal_staff:
        raise PermissionDenied(_("Only verified municipal staff can mark that a solution is used."))
    with transaction.atomic():
        deleted, _rows = Adoption.objects.filter(
            project=project, municipality_id=by.municipality_id
        ).delete()
        if deleted:
            Project.objects.filter(pk=project.pk).update(adoption_count=F("adoption_count") - 1)
    project.refresh_from_db(fields=["adoption_count"])
