from django.db import migrations


def grant(apps, schema_editor):
    from accounts.roles import grant_moderator_permissions

    grant_moderator_permissions(apps, "comments", ["view_comment", "change_comment"])


grant.reference_data = True  # re-run by the tests after they empty the tables


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_comments"),
        ("accounts", "0002_moderators_group"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
