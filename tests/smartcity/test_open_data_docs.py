"""The open-data page and the API docs name everything that is published, and their links
work."""

import re

import pytest
import yaml
from django.core.management import call_command

from tests.factories import EventFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _links(page: str) -> list[str]:
    return [href.replace("&amp;", "&") for href in re.findall(r'href="(/api/v1/[^"]*)"', page)]


def test_every_api_link_on_the_open_data_page_answers(client):
    ProjectFactory()
    EventFactory()
    page = client.get("/open-data/").content.decode()
    links = _links(page)
    assert any(link.startswith("/api/v1/map/?bbox=") for link in links)
    for link in links:
        assert client.get(link).status_code == 200, link


def test_the_open_data_page_names_events_their_feeds_and_the_forum_api(client):
    page = client.get("/open-data/").content.decode()
    links = _links(page)
    assert "/api/v1/forum/threads/&lt;id&gt;/posts/" in page
    for address in (
        "/api/v1/events/",
        "/api/v1/events/geojson/",
        "/api/v1/events/ics/",
        "/api/v1/forum/threads/",
    ):
        assert address in links, address


def test_the_api_docs_include_the_event_feeds_and_file_the_forum_under_forum(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    paths = schema["paths"]
    for path, media_type in (
        ("/api/v1/events/geojson/", "application/geo+json"),
        ("/api/v1/events/ics/", "text/calendar"),
        ("/api/v1/events/{slug}/ics/", "text/calendar"),
    ):
        operation = paths[path]["get"]
        assert operation["tags"] == ["events"]
        assert media_type in operation["responses"]["200"]["content"]
    geojson_filters = {p["name"] for p in paths["/api/v1/events/geojson/"]["get"]["parameters"]}
    assert {"theme", "municipality", "kind", "when"} <= geojson_filters
    tags = {tag for item in paths.values() for op in item.values() for tag in op["tags"]}
    assert "v1" not in tags
    for path in [p for p in paths if p.startswith("/api/v1/forum/")]:
        assert paths[path]["get"]["tags"] == ["forum"], path
