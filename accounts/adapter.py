"""allauth, told about the site's own address."""

from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


def _site() -> SimpleNamespace:
    """What allauth's e-mails call `current_site`: the address people use (SITE_URL), not the
    Site row's domain, which nobody keeps up to date."""
    return SimpleNamespace(name="Smart City Danmark", domain=urlsplit(settings.SITE_URL).netloc)


def _on_site(url: str) -> str:
    """The same path and query on SITE_URL's scheme and host."""
    site = urlsplit(settings.SITE_URL)
    parts = urlsplit(url)
    return urlunsplit((site.scheme, site.netloc, parts.path, parts.query, parts.fragment))


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        super().send_mail(template_prefix, email, {**context, "current_site": _site()})

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return _on_site(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key: str) -> str:
        return _on_site(super().get_reset_password_from_key_url(key))
