"""A stored full-text vector on projects, GIN-indexed and kept current by a trigger.

A trigger rather than the services: a project's text and place are written by the submission and
edit services, the pipeline (municipality), moderators in the admin, fixtures and bulk loads; a
vector that one of them forgot would silently drop the project from search. The vector is built
by smartcity.search (the same weighting as the forum's and the catalogue's); the parts below are
frozen here as migrations must be."""

import django.contrib.postgres.search
from django.db import migrations

from smartcity.search import drop_vector_trigger_sql, vector_trigger_sql

TABLE = "projects_project"
PARTS = [
    ("{row}.title", "A"),
    ("{row}.summary || ' ' || {row}.organisation", "B"),
    ("{row}.description", "C"),
    (
        "(SELECT t.name || ' ' || t.name_en FROM projects_theme AS t WHERE t.id = {row}.theme_id)"
        " || ' ' || coalesce((SELECT m.name FROM places_municipality AS m"
        " WHERE m.id = {row}.municipality_id), '')",
        "D",
    ),
]
COLUMNS = ["title", "summary", "organisation", "description", "theme_id", "municipality_id"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(vector_trigger_sql(table=TABLE, parts=PARTS, columns=COLUMNS))
    schema_editor.execute(f"UPDATE {TABLE} SET title = title")  # noqa: S608 (fills existing rows)
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS project_search_gin ON {TABLE} USING gin (search_vector)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS project_search_gin")
    schema_editor.execute(drop_vector_trigger_sql(table=TABLE))


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0007_queue_verbose_names"),
        ("places", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="project",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create, drop),
    ]
