from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import seed_users


class Command(BaseCommand):
    help = "Seed demo content (idempotent): users for each role and, per app, demo items."

    @transaction.atomic
    def handle(self, *args, **options):
        # Known passwords only ever exist in local debug mode, never with production settings.
        passwords = seed_users(set_passwords=settings.DEBUG)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
        if passwords:
            self.stdout.write("\nDemo logins (local mode only; new passwords on every run):")
            for email, password in passwords.items():
                self.stdout.write(f"  {email:<26} {password}")
