"""The guide's data areas become links to the catalogue's DataArea (they were plain slugs
before the catalogue existed), and guides can link catalogue datasets. Slugs that name no
data area are dropped."""

from django.db import migrations, models


def slugs_to_links(apps, schema_editor):
    Guide = apps.get_model("guides", "Guide")
    DataArea = apps.get_model("catalogue", "DataArea")
    areas = {area.slug: area for area in DataArea.objects.all()}
    for guide in Guide.objects.exclude(data_area_slugs=[]):
        guide.data_areas.set([areas[slug] for slug in guide.data_area_slugs if slug in areas])


def links_to_slugs(apps, schema_editor):
    Guide = apps.get_model("guides", "Guide")
    for guide in Guide.objects.prefetch_related("data_areas"):
        guide.data_area_slugs = [area.slug for area in guide.data_areas.all()]
        guide.save(update_fields=["data_area_slugs"])


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0002_data_areas_and_sources"),
        ("guides", "0002_moderator_permissions"),
    ]

    operations = [
        migrations.RenameField("guide", "data_areas", "data_area_slugs"),
        migrations.AddField(
            model_name="guide",
            name="data_areas",
            field=models.ManyToManyField(
                blank=True,
                related_name="guides",
                to="catalogue.dataarea",
                verbose_name="data areas to publish",
            ),
        ),
        migrations.AddField(
            model_name="guide",
            name="datasets",
            field=models.ManyToManyField(
                blank=True,
                related_name="guides",
                to="catalogue.dataset",
                verbose_name="linked datasets",
            ),
        ),
        migrations.RunPython(slugs_to_links, links_to_slugs),
        migrations.RemoveField("guide", "data_area_slugs"),
    ]
