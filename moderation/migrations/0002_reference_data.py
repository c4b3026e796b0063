from django.db import migrations


def load(apps, schema_editor):
    from moderation.reference import load_reference_data

    load_reference_data(
        apps.get_model("moderation", "BlockedTerm"),
        apps.get_model("moderation", "RejectionTemplate"),
    )


load.reference_data = True  # re-run by the tests after they empty the tables


def grant(apps, schema_editor):
    from accounts.roles import grant_moderator_permissions

    grant_moderator_permissions(
        apps,
        "moderation",
        [
            "view_moderationdecision",
            "view_report",
            "change_report",
            "view_blockedterm",
            "add_blockedterm",
            "change_blockedterm",
            "delete_blockedterm",
            "view_rejectiontemplate",
            "add_rejectiontemplate",
            "change_rejectiontemplate",
        ],
    )


grant.reference_data = True


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
        ("accounts", "0002_moderators_group"),
    ]
    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
