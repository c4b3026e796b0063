import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_openapi_schema_is_valid_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"

    # --validate checks against the OpenAPI 3 meta-schema; --fail-on-warn fails on any
    # endpoint or field whose type drf-spectacular had to guess.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    schema = yaml.safe_load(target.read_text())
    assert schema["info"]["license"] == {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert "Smart City Forum" in schema["info"]["description"]
    for path in (
        "/api/v1/map/",
        "/api/v1/projects/",
        "/api/v1/projects/{slug}/",
        "/api/v1/projects/geojson/",
        "/api/v1/projects/csv/",
        "/api/v1/themes/",
        "/api/v1/municipalities/",
    ):
        assert path in schema["paths"], path
    assert "post" in schema["paths"]["/api/v1/projects/"]
    map_parameters = {p["name"] for p in schema["paths"]["/api/v1/map/"]["get"]["parameters"]}
    assert {"bbox", "zoom", "theme", "municipality", "status", "q"} <= map_parameters


def test_the_schema_is_served(client):
    response = client.get("/api/schema/")

    assert response.status_code == 200
    assert b"Smart City Danmark API" in response.content


def test_the_docs_page_loads_its_assets_from_our_own_static_files(client):
    page = client.get("/api/docs/").content.decode()

    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets
    assert any(asset.startswith("/static/drf_spectacular_sidecar/") for asset in assets)
    for asset in assets:
        assert asset.startswith("/"), asset  # nothing from outside
        if asset.startswith("/static/"):
            assert finders.find(asset.removeprefix("/static/")), asset


def test_the_docs_page_runs_its_inline_code_only_with_the_csp_nonce(client):
    response = client.get("/api/docs/")
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    page = response.content.decode()

    inline = re.findall(r"<(script|style)(?![^>]*\bsrc=)([^>]*)>", page)
    assert inline
    for tag, attributes in inline:
        assert f'nonce="{nonce}"' in attributes, tag
