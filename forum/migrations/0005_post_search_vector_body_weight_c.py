"""Post bodies weigh C in the search vector, like every body and description on the site
(smartcity.search); rebuild the stored vectors once."""

from django.db import migrations

REBUILD = (
    "UPDATE forum_post AS p SET search_vector = "
    "setweight(to_tsvector('danish', coalesce(CASE WHEN t.first_post_id = p.id THEN t.title "
    "ELSE '' END, '')), 'A') || setweight(to_tsvector('danish', coalesce(p.body, '')), 'C') "
    "FROM forum_thread AS t WHERE t.id = p.thread_id"
)


def rebuild(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REBUILD)


class Migration(migrations.Migration):
    dependencies = [("forum", "0004_queue_verbose_names")]
    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
