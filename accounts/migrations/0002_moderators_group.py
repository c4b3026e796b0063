from django.db import migrations


def create_group(apps, schema_editor):
    from accounts.roles import grant_moderator_permissions

    grant_moderator_permissions(
        apps, "accounts", ["view_user", "view_staffrequest", "change_staffrequest"]
    )
    grant_moderator_permissions(apps, "places", ["view_municipality", "view_region"])


create_group.reference_data = True  # re-run by the tests after they empty the tables


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("places", "0002_reference_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
