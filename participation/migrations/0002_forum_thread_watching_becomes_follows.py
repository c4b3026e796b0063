"""Watching a forum thread is now following it: copy the forum's thread subscriptions into
follows and remove them (category subscriptions stay in the forum)."""

from django.db import migrations


def forward(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Subscription = apps.get_model("forum", "Subscription")
    Follow = apps.get_model("participation", "Follow")
    thread_type, _created = ContentType.objects.get_or_create(app_label="forum", model="thread")
    watched = Subscription.objects.filter(thread__isnull=False)
    Follow.objects.bulk_create(
        [
            Follow(
                user_id=row.user_id,
                content_type_id=thread_type.pk,
                object_id=row.thread_id,
                created_at=row.created_at,
            )
            for row in watched.iterator()
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    watched.delete()


def backward(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Subscription = apps.get_model("forum", "Subscription")
    Follow = apps.get_model("participation", "Follow")
    thread_type = ContentType.objects.filter(app_label="forum", model="thread").first()
    if thread_type is None:
        return
    follows = Follow.objects.filter(content_type=thread_type)
    Subscription.objects.bulk_create(
        [
            Subscription(user_id=f.user_id, thread_id=f.object_id, created_at=f.created_at)
            for f in follows.iterator()
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0001_follows_alerts_notifications"),
        ("forum", "0004_queue_verbose_names"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forward, backward)]
