from django.db import migrations


def load(apps, schema_editor):
    from projects.themes import load_themes

    load_themes(apps.get_model("projects", "Theme"))


load.reference_data = True  # re-run by the tests after they empty the tables


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
