from django.db import migrations


def grant(apps, schema_editor):
    from accounts.roles import grant_moderator_permissions

    grant_moderator_permissions(apps, "moderation", ["view_appeal", "change_appeal"])


grant.reference_data = True  # re-run by the tests after they empty the tables


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0005_appeals"),
        ("accounts", "0002_moderators_group"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
