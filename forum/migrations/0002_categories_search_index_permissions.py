from django.db import migrations


def load_categories(apps, schema_editor):
    from forum.reference import load_categories as load

    load(apps.get_model("forum", "Category"))


load_categories.reference_data = True  # re-run by the tests after they empty the tables


def grant(apps, schema_editor):
    from accounts.roles import grant_moderator_permissions

    grant_moderator_permissions(
        apps,
        "forum",
        [
            "view_category",
            "change_category",
            "view_thread",
            "change_thread",
            "view_post",
            "change_post",
            "view_forummoderationqueue",
            "change_forummoderationqueue",
            "view_postrevision",
            "view_attachment",
        ],
    )


grant.reference_data = True


def create_search_index(apps, schema_editor):
    # The stored search vector gets a GIN index on PostgreSQL; SQLite uses a fallback search.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS forum_post_search_gin ON forum_post USING gin (search_vector)"
        )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS forum_post_search_gin")


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0001_initial"),
        ("accounts", "0002_moderators_group"),
    ]
    operations = [
        migrations.RunPython(load_categories, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
