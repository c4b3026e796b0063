from django.db import migrations, models


def mark_human_decisions(apps, schema_editor):
    ModerationDecision = apps.get_model("moderation", "ModerationDecision")
    ModerationDecision.objects.filter(actor__isnull=False).update(automatic=False)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0002_reference_data")]

    operations = [
        migrations.AddField(
            model_name="moderationdecision",
            name="automatic",
            field=models.BooleanField(default=True, editable=False, verbose_name="automatic"),
        ),
        migrations.RunPython(mark_human_decisions, migrations.RunPython.noop),
    ]
