from django.db import migrations


def grant(apps, schema_editor):
    from accounts.roles import grant_moderator_permissions

    grant_moderator_permissions(
        apps,
        "guides",
        ["view_guide", "change_guide", "view_guideversion", "change_guideversion",
         "view_guidequeueitem", "change_guidequeueitem"],
    )  # fmt: skip


grant.reference_data = True  # re-run by the tests after they empty the tables


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0001_initial"),
        ("accounts", "0002_moderators_group"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
