from django.db import migrations


def load(apps, schema_editor):
    from catalogue.reference import load_data_areas, load_sources

    load_data_areas(apps.get_model("catalogue", "DataArea"))
    load_sources(apps.get_model("catalogue", "HarvestSource"))


load.reference_data = True  # re-run by the tests after they empty the tables


def search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS catalogue_dataset_search_gin "
            "ON catalogue_dataset USING gin (search_vector)"
        )


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(search_index, migrations.RunPython.noop),
    ]
