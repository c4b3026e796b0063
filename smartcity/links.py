"""Absolute links to the site, for e-mails, feeds and open data (where no request is at hand)."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """`SITE_URL` + path, with exactly one slash between them whatever SITE_URL ends in."""
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")
