"""Measured results on projects and success stories."""

import csv
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from projects import services
from projects.models import Project, ProjectResult
from tests.factories import ProjectFactory
from tests.projects.test_views import form_data

pytestmark = pytest.mark.django_db

SALT = {
    "metric": "Salt på cykelstier",
    "baseline": 100,
    "result": 70,
    "unit": "ton pr. vinter",
    "period": "2022/23",
    "source": "Kommunens vejafdeling",
}


def _rows(*results) -> dict:
    """The results rows of the project form, as the browser posts them."""
    data = {
        "results-TOTAL_FORMS": str(len(results)),
        "results-INITIAL_FORMS": "0",
        "results-MIN_NUM_FORMS": "0",
        "results-MAX_NUM_FORMS": "10",
    }
    for n, result in enumerate(results):
        data.update({f"results-{n}-{name}": value for name, value in result.items()})
    return data


def _with_results(project, *results):
    for n, result in enumerate(results):
        ProjectResult.objects.create(project=project, position=n, **result)
    return project


def test_the_form_saves_results_with_the_project(client, alice):
    client.force_login(alice)
    response = client.post(reverse("projects:submit"), {**form_data(), **_rows(SALT, {})})
    assert response.status_code == 302
    project = Project.objects.get()
    assert list(project.results.values("metric", "baseline", "result", "unit")) == [
        {
            "metric": "Salt på cykelstier",
            "baseline": 100.0,
            "result": 70.0,
            "unit": "ton pr. vinter",
        }
    ]


def test_a_result_without_a_unit_is_refused_and_nothing_is_saved(client, alice):
    client.force_login(alice)
    client.post(reverse("set_language"), {"language": "da"})
    response = client.post(
        reverse("projects:submit"), {**form_data(), **_rows({**SALT, "unit": ""})}
    )
    assert response.status_code == 400
    assert "Enhed: Dette felt er påkrævet." in response.content.decode()
    assert not Project.objects.exists() and not ProjectResult.objects.exists()


def test_the_service_refuses_a_result_without_a_unit_in_english(alice):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.project_submit(
            author=alice, data={**form_data(), "results": [{**SALT, "unit": " "}]}
        )
    assert error.value.message_dict["results"] == ["Result 1: Unit: This field is required."]
    assert not Project.objects.exists()


def test_results_of_a_published_project_wait_with_the_edit(
    alice, django_capture_on_commit_callbacks
):
    project = ProjectFactory(author=alice)
    with django_capture_on_commit_callbacks(execute=False):
        services.project_update(project=project, by=alice, data={**form_data(), "results": [SALT]})
    project.refresh_from_db()
    assert project.pending_changes["results"][0]["unit"] == "ton pr. vinter"
    assert not project.results.exists()  # the public page keeps what was published

    services.project_apply_pending_changes(project=project)
    assert project.results.get().result == 70


def test_the_results_are_screened_with_the_rest(alice):
    from projects.processing import project_process

    project = services.project_submit(
        author=alice,
        data={**form_data(), "results": [{**SALT, "source": "Ring til Jens på 20 30 40 50"}]},
    )
    project_process(project_id=project.pk)
    project.refresh_from_db()
    assert project.state == Project.State.NEEDS_REVIEW
    assert "personal_data.phone" in [reason["code"] for reason in project.screening_reasons]


def test_the_project_page_shows_the_results(client):
    project = _with_results(ProjectFactory(), SALT)
    html = client.get(project.get_absolute_url()).content.decode()
    assert "Salt på cykelstier" in html and "ton pr. vinter" in html and "-30 %" in html


def test_list_api_and_map_filter_projects_with_results(client):
    with_results = _with_results(ProjectFactory(title="Med tal"), SALT)
    ProjectFactory(title="Uden tal")
    html = client.get(reverse("projects:list") + "?results=1").content.decode()
    assert "Med tal" in html and "Uden tal" not in html
    api = client.get("/api/v1/projects/?results=true").json()
    assert [p["slug"] for p in api["results"]] == [with_results.slug]
    assert api["results"][0]["results"][0]["unit"] == "ton pr. vinter"
    layer = client.get("/api/v1/map/?bbox=8,54.5,13,57.8&zoom=12&results=1").json()
    assert layer["total"] == 1


def test_geojson_and_csv_carry_the_results(client):
    project = _with_results(ProjectFactory(), SALT)
    geojson = json.loads(b"".join(client.get("/api/v1/projects/geojson/").streaming_content))
    feature = next(f for f in geojson["features"] if f["id"] == project.slug)
    assert feature["properties"]["results"][0]["metric"] == "Salt på cykelstier"
    text = b"".join(client.get("/api/v1/projects/csv/").streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert json.loads(rows[0]["results"])[0]["baseline"] == 100.0


def test_a_moderator_features_a_project_with_results_and_the_home_page_shows_it(client, moderator):
    project = _with_results(ProjectFactory(title="Mindre salt"), SALT)
    client.force_login(moderator)
    client.post(reverse("projects:feature", args=[project.slug]), {"featured": "1"})
    project.refresh_from_db()
    assert project.featured_at is not None
    assert "Mindre salt" in client.get("/").content.decode()
    listed = client.get(reverse("projects:list") + "?featured=1").content.decode()
    assert "Mindre salt" in listed


def test_a_project_without_results_cannot_be_featured(moderator):
    project = ProjectFactory()
    with pytest.raises(ValidationError):
        services.project_feature(project=project, by=moderator)
    project.refresh_from_db()
    assert project.featured_at is None


def test_only_moderators_feature(client, alice):
    project = _with_results(ProjectFactory(), SALT)
    with pytest.raises(PermissionDenied):
        services.project_feature(project=project, by=alice)
    client.force_login(alice)
    response = client.post(reverse("projects:feature", args=[project.slug]), {"featured": "1"})
    assert response.status_code == 403


def test_the_home_page_costs_the_same_with_more_success_stories(client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get("/")
        return len(queries)

    _with_results(ProjectFactory(featured_at=timezone.now()), SALT)
    one = count()
    for _ in range(3):
        _with_results(ProjectFactory(featured_at=timezone.now()), SALT, SALT)
    assert count() == one


def test_the_api_takes_results_with_a_submission_and_refuses_a_result_without_a_unit(client, alice):
    client.force_login(alice)
    payload = {**form_data(), "lat": 56.15, "lng": 10.2}
    bad = client.post(
        "/api/v1/projects/",
        {**payload, "results": [{**SALT, "unit": ""}]},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad.json()["results"] == ["Resultat 1: Enhed: Dette felt er påkrævet."]
    assert not Project.objects.exists()

    good = client.post(
        "/api/v1/projects/", {**payload, "results": [SALT]}, content_type="application/json"
    )
    assert good.status_code == 202
    assert Project.objects.get().results.get().unit == "ton pr. vinter"
