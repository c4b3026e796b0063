from django.db import migrations


def load(apps, schema_editor):
    from catalogue.reference import load_data_areas, load_sources

    load_data_areas(apps.get_model("catalogue", "DataArea"))
    load_sources(apps.get_model("catalogue", "HarvestSource"))


load.reference_data = True  # re-run by the tests after they empty the tables


def grant(apps, schema_editor):
    from accounts.roles import grant_moderator_permissions

    grant_moderator_permissions(
        apps,
        "catalogue",
        [
            "view_dataset",
            "change_dataset",
            "view_distribution",
            "view_organisation",
            "change_organisation",
            "view_dataarea",
            "add_dataarea",
            "change_dataarea",
            "view_harvestsource",
            "view_harvestrun",
        ],
    )


grant.reference_data = True


def search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS catalogue_dataset_search_gin "
            "ON catalogue_dataset USING gin (search_vector)"
        )


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial"), ("accounts", "0002_moderators_group")]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
        migrations.RunPython(search_index, migrations.RunPython.noop),
    ]
