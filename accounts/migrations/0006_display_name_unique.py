from django.db import migrations, models

from accounts.display_names import display_name_key


def resolve_clashes(apps, schema_editor):
    """Give every member a key; where two share a name (in any spelling), the member who took
    it first keeps it and the others get a number after theirs ("Sofie Byudvikler 2")."""
    User = apps.get_model("accounts", "User")
    taken: set[str] = set()
    for user in User.objects.order_by("date_joined", "pk").only("pk", "display_name"):
        name = user.display_name.strip()
        key = display_name_key(name)
        if not key:
            User.objects.filter(pk=user.pk).update(display_name_key=None)
            continue
        number = 1
        while key in taken:
            number += 1
            suffix = f" {number}"
            candidate = name[: 60 - len(suffix)].rstrip() + suffix
            key = display_name_key(candidate)
        if number > 1:
            name = candidate
        taken.add(key)
        User.objects.filter(pk=user.pk).update(display_name=name, display_name_key=key)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_data_export"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="display_name_key",
            field=models.CharField(editable=False, max_length=60, null=True),
        ),
        migrations.RunPython(resolve_clashes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="display_name_key",
            field=models.CharField(editable=False, max_length=60, null=True, unique=True),
        ),
    ]
