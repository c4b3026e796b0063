"""The map's pre-aggregated cells count a status and "used by at least N" together (MapCell
kind 5): the triggers' functions are replaced and the cells rebuilt."""

from django.db import migrations

from projects import map_cells


def install_and_rebuild(apps, schema_editor):
    map_cells.install(schema_editor.connection)
    map_cells.rebuild(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("projects", "0010_map_covering_indexes")]

    operations = [migrations.RunPython(install_and_rebuild, install_and_rebuild)]
