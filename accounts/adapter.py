"""allauth adapters: account notices reach the user in the language they chose."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        # The notice after a password, address or second-factor change (ASVS 2.2.3) is written
        # in the account's language, not in the language of the page that caused it.
        with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
            return super().send_notification_mail(template_prefix, user, context, email)


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
