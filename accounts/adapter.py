"""allauth's hooks: the e-mail addresses it accepts and the client address it counts by."""

from allauth.account.adapter import DefaultAccountAdapter

from smartcity.client_address import client_address

from .addresses import clean_email_address


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        # Sign-up, adding an address and password reset all call this.
        return clean_email_address(super().clean_email(email))

    def get_client_ip(self, request) -> str:
        return client_address(request) or super().get_client_ip(request)
