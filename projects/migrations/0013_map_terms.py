"""The map's word table (MapTerm): on PostgreSQL its covering, byte-ordered key, the triggers
that keep it and its rows for the projects already published."""

from django.db import migrations, models

from projects import map_terms


def install_and_build(apps, schema_editor):
    map_terms.create_key(schema_editor.connection)
    map_terms.install(schema_editor.connection)
    map_terms.rebuild(schema_editor.connection)


def uninstall(apps, schema_editor):
    map_terms.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0012_moderators_change_status"),
    ]

    operations = [
        migrations.CreateModel(
            name="MapTerm",
            fields=[
                ("lexeme", models.TextField()),
                ("map_y", models.IntegerField()),
                ("map_x", models.IntegerField()),
                ("project_id", models.BigIntegerField()),
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "lexeme",
                        "map_y",
                        "map_x",
                        "project_id",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("lat", models.FloatField()),
                ("lng", models.FloatField()),
                ("updated_at", models.DateTimeField()),
            ],
            options={
                "verbose_name": "map term",
                "verbose_name_plural": "map terms",
            },
        ),
        migrations.RunPython(install_and_build, uninstall),
    ]
