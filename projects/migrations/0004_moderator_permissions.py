from django.db import migrations


def grant(apps, schema_editor):
    from accounts.roles import grant_moderator_permissions

    grant_moderator_permissions(
        apps,
        "projects",
        [
            "view_projectqueueitem",
            "change_projectqueueitem",
            "view_project",
            "view_theme",
            "view_adoption",
            "view_projectimage",
        ],
    )


grant.reference_data = True  # re-run by the tests after they empty the tables


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_pipeline"), ("accounts", "0002_moderators_group")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
