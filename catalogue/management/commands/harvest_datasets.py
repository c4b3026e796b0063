from django.core.management.base import BaseCommand, CommandError

from catalogue import services


class Command(BaseCommand):
    help = "Harvest open datasets from every enabled CKAN source, or from one address."

    def add_arguments(self, parser):
        parser.add_argument("--source", metavar="URL", help="Harvest only this CKAN portal.")
        parser.add_argument(
            "--full", action="store_true", help="Read everything, not only what changed."
        )

    def handle(self, *args, **options):
        if options["source"]:
            runs = [services.harvest_url(url=options["source"], full=options["full"])]
        else:
            runs = services.harvest_all()
        for run in runs:
            line = (
                f"{run.source.name}: seen {run.seen}, added {run.added}, updated {run.updated}, "
                f"withdrawn {run.withdrawn}"
            )
            if run.errors:
                self.stderr.write(f"{line}; error: {run.errors}")
            else:
                self.stdout.write(self.style.SUCCESS(line))
        if any(run.errors for run in runs):
            raise CommandError("At least one source failed; see the errors above.")
