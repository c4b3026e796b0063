"""Checks of the services the site depends on, for /healthz."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from .celery import app as celery_app

logger = logging.getLogger(__name__)

OK = "ok"


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down" to a load balancer
        logger.warning("health: database unreachable: %s", exc)
        return "error"
    return OK


def check_cache() -> str:
    try:
        cache.set("healthz", "1", timeout=10)
        if cache.get("healthz") != "1":
            return "error"
    except Exception as exc:
        logger.warning("health: cache unreachable: %s", exc)
        return "error"
    return OK


def check_broker() -> str:
    if not settings.CELERY_BROKER_URL:
        return "eager"  # no broker configured: tasks run in the web process
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        logger.warning("health: broker unreachable: %s", exc)
        return "error"
    return OK


def run_checks() -> dict[str, str]:
    return {"database": check_database(), "cache": check_cache(), "broker": check_broker()}
