"""The data migration that turned the guides' plain data-area slugs into DataArea links."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("guides", "0002_moderator_permissions")]
AFTER = [("guides", "0003_data_areas_and_datasets_from_catalogue")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_slugs_become_links_to_the_catalogues_data_areas_and_unknown_ones_are_dropped():
    old = _migrate(BEFORE)
    try:
        guide = old.get_model("guides", "Guide").objects.create(
            slug="gadelys", data_areas=["gadebelysning", "energiforbrug", "parkering"]
        )
        new = _migrate(AFTER)
        migrated = new.get_model("guides", "Guide").objects.get(pk=guide.pk)
        assert sorted(area.slug for area in migrated.data_areas.all()) == [
            "gadebelysning",
            "parkering",
        ]
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
