from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from .services import staff_verify_by_domain


@receiver(email_confirmed)
def verify_municipal_staff(sender, request, email_address, **kwargs):
    staff_verify_by_domain(user=email_address.user, email=email_address.email)
