"""Download my data: a ZIP with one JSON file per kind of personal data and a README.

`export_request` records the request and enqueues the build; the Celery task calls
`export_build`, which writes the ZIP and e-mails a signed link. Only the owner, signed in, can
download it, for PRIVACY_EXPORT_DAYS days; `exports_expire` (beat) deletes the file after."""

import io
import json
import logging
import secrets
import zipfile
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .emails import send_to_user
from .models import DataExport, User
from .personal_data import sections

SIGNING_SALT = "accounts.data-export"
logger = logging.getLogger(__name__)


class ExportInProgress(Exception):
    """The user already has an export being prepared."""


def export_request(*, user: User) -> DataExport:
    """Record a request and build it in the background. One at a time per user."""
    try:
        with transaction.atomic():
            export = DataExport.objects.create(user=user, token=secrets.token_hex(16))
    except IntegrityError as error:  # the partial unique constraint: one pending export
        raise ExportInProgress from error
    transaction.on_commit(lambda: _enqueue(export))
    return export


def _enqueue(export: DataExport) -> None:
    from .tasks import build_data_export

    try:
        build_data_export.delay(export.pk)
    except Exception:
        # The broker is down: say so on the page, and let the user ask again later.
        logger.exception("Could not enqueue data export %s", export.pk)
        export_fail(export=export)


def export_in_progress(*, user: User) -> bool:
    return DataExport.objects.filter(user=user, state=DataExport.State.PENDING).exists()


def export_archive(*, user: User) -> bytes:
    """The ZIP's bytes: <kind>.json for every registered kind, and README.txt."""
    buffer = io.BytesIO()
    registered = sections()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for section in registered:
            rows = section.export(user)
            archive.writestr(
                f"{section.name}.json",
                json.dumps(rows, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            )
        archive.writestr("README.txt", _readme(user=user, registered=registered))
    return buffer.getvalue()


def _readme(*, user: User, registered) -> str:
    parts = []
    for language in ("da", "en"):
        with translation.override(language):
            parts.append(
                render_to_string(
                    "accounts/export_readme.txt",
                    {
                        "sections": registered,
                        "created_at": timezone.localtime(),
                        "days": settings.PRIVACY_EXPORT_DAYS,
                        "site_url": settings.SITE_URL.rstrip("/"),
                    },
                )
            )
    return "\n\n".join(part.strip() for part in parts) + "\n"


def export_build(*, export: DataExport) -> DataExport:
    """Write the ZIP, mark the export ready and e-mail the link. Idempotent."""
    if export.state != DataExport.State.PENDING:
        return export
    content = export_archive(user=export.user)
    now = timezone.now()
    export.file.save(data_export_name(export), ContentFile(content), save=False)
    export.size = len(content)
    export.state = DataExport.State.READY
    export.ready_at = now
    export.expires_at = now + timedelta(days=settings.PRIVACY_EXPORT_DAYS)
    export.save(update_fields=["file", "size", "state", "ready_at", "expires_at"])
    send_to_user(
        user=export.user,
        template="export_ready",
        context={
            "url": settings.SITE_URL.rstrip("/") + export_download_url(export),
            "expires_at": export.expires_at,
            "days": settings.PRIVACY_EXPORT_DAYS,
        },
    )
    return export


def export_fail(*, export: DataExport) -> None:
    DataExport.objects.filter(pk=export.pk, state=DataExport.State.PENDING).update(
        state=DataExport.State.FAILED
    )


def data_export_name(export: DataExport) -> str:
    return f"{export.token}.zip"


def export_download_url(export: DataExport) -> str:
    token = signing.TimestampSigner(salt=SIGNING_SALT).sign(export.token)
    return reverse("accounts:export_download", args=[token])


def export_for_download(*, signed_token: str, user: User) -> DataExport | None:
    """The export the link names, if the link is genuine and unexpired, the export is ready
    and it belongs to `user`; else None."""
    try:
        token = signing.TimestampSigner(salt=SIGNING_SALT).unsign(
            signed_token, max_age=timedelta(days=settings.PRIVACY_EXPORT_DAYS)
        )
    except signing.BadSignature:  # also SignatureExpired
        return None
    return DataExport.objects.filter(
        token=token,
        user=user,
        state=DataExport.State.READY,
        expires_at__gt=timezone.now(),
    ).first()


def exports_expire(*, now=None) -> int:
    """Delete the files of exports past their date (and of failed ones). Returns the count."""
    now = now or timezone.now()
    # A build that never finished (a lost task) must not block the next request for ever.
    DataExport.objects.filter(
        state=DataExport.State.PENDING, created_at__lt=now - timedelta(days=1)
    ).update(state=DataExport.State.FAILED)
    expired = DataExport.objects.filter(
        state=DataExport.State.READY, expires_at__lte=now
    ) | DataExport.objects.filter(state=DataExport.State.FAILED)
    count = 0
    for export in expired:
        if export.file:
            export.file.delete(save=False)
        export.state = DataExport.State.EXPIRED
        export.save(update_fields=["file", "state"])
        count += 1
    return count
