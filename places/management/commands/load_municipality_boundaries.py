from django.core.management.base import BaseCommand, CommandError

from places.geocoding.boundaries import BoundaryFileError, boundaries_replace, read_geojson


class Command(BaseCommand):
    help = (
        "Replace the municipality boundaries with those of a GeoJSON FeatureCollection "
        "(DAGI style: the municipality code in the property lau_1, one feature per island)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the GeoJSON file")

    def handle(self, *args, file, **options):
        try:
            report = boundaries_replace(collection=read_geojson(file), source=str(file))
        except BoundaryFileError as error:
            raise CommandError(str(error)) from error
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {report.polygons} polygons for {report.municipalities} municipalities "
                f"from {file}."
            )
        )
