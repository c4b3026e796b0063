from django.db import migrations


def load(apps, schema_editor):
    from places.reference import load_reference_data

    load_reference_data(
        apps.get_model("places", "Region"),
        apps.get_model("places", "Municipality"),
        apps.get_model("places", "MunicipalityEmailDomain"),
    )


load.reference_data = True  # re-run by the tests after they empty the tables


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
