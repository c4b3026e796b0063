from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import seed_users

# Apps that bring demo content: each has a `demo` module with `seed(*, stdout, options)`.
CONTENT_APPS = ["catalogue", "projects", "forum", "events", "guides"]


class Command(BaseCommand):
    help = "Seed demo content (idempotent): users for each role and each app's demo items."

    def add_arguments(self, parser):
        parser.add_argument(
            "--projects",
            type=int,
            default=0,
            metavar="N",
            help="Also generate N synthetic published projects (for benchmarks).",
        )

    def handle(self, *args, **options):
        with transaction.atomic():
            # Known passwords only ever exist in local debug mode, never in production.
            passwords = seed_users(set_passwords=settings.DEBUG)
            for app in CONTENT_APPS:
                if find_spec(f"{app}.demo") is not None:
                    import_module(f"{app}.demo").seed(stdout=self.stdout, options=options)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
        if passwords:
            self.stdout.write("\nDemo logins (local mode only; new passwords on every run):")
            for email, password in passwords.items():
                self.stdout.write(f"  {email:<26} {password}")
