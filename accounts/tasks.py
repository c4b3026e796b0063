"""Celery tasks of accounts: thin, they fetch ids and call the services."""

from celery import shared_task

from .models import DataExport


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def build_data_export(export_id: int) -> str:
    from .export import export_build, export_fail

    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None:
        return "gone"
    try:
        export_build(export=export)
    except OSError:
        raise  # storage or mail server: try again
    except Exception:
        export_fail(export=export)
        raise
    return export.state


@shared_task(ignore_result=True)
def apply_retention() -> dict[str, int]:
    """Run by beat: delete unverified accounts and expired exports (the privacy page says
    how long each is kept)."""
    from .deletion import unverified_accounts_delete
    from .export import exports_expire

    return {
        "unverified_accounts": unverified_accounts_delete(),
        "exports": exports_expire(),
    }
