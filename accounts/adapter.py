"""allauth adapters: the addresses it accepts, the client address it counts by, notices in the
user's language, and links in e-mails that point at the site's own address."""

from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.utils import translation

from smartcity.client_address import client_address

from .addresses import clean_email_address


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
    def clean_email(self, email: str) -> str:
        # Sign-up, adding an address and password reset all call this.
        return clean_email_address(super().clean_email(email))

    def get_client_ip(self, request) -> str:
        return client_address(request) or super().get_client_ip(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        super().send_mail(template_prefix, email, {**context, "current_site": _site()})

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        # The notice after a password, address or second-factor change (ASVS 2.2.3) is written
        # in the account's language, not in the language of the page that caused it.
        with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
            return super().send_notification_mail(template_prefix, user, context, email)

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return _on_site(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key: str) -> str:
        return _on_site(super().get_reset_password_from_key_url(key))


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_label(self, user) -> str:
        # The label shown in the authenticator app: the display name rather than the address.
        return user.display_name or super().get_totp_label(user)

    def can_delete_authenticator(self, authenticator) -> bool:
        # Admin requires TOTP of moderators and superusers, so they cannot switch it off
        # themselves; a superuser removes a lost one in admin.
        from .security import is_privileged

        if authenticator.type == authenticator.Type.TOTP and is_privileged(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)
