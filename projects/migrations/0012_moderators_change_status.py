from django.db import migrations


def grant(apps, schema_editor):
    from accounts.roles import grant_moderator_permissions

    # Moderators move a project through its stages (idé → pilot → i drift) and add measured
    # results; ProjectAdmin keeps every other field read-only for them.
    grant_moderator_permissions(
        apps,
        "projects",
        ["change_project", "view_projectresult", "add_projectresult", "change_projectresult"],
    )


grant.reference_data = True  # re-run by the tests after they empty the tables


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0011_map_cells_status_adoptions"),
        ("accounts", "0002_moderators_group"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
