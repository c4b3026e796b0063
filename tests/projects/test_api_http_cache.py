"""smartcity.http_cache, the conditional-request helper every public answer uses."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation
from django.utils.http import http_date

from projects.models import Project
from smartcity.http_cache import Validator, conditional, validator_for_queryset
from tests.factories import PublishedProjectFactory

pytestmark = pytest.mark.django_db

factory = RequestFactory()
runs = []


@conditional(lambda request: validator_for_queryset(request, Project.objects.all()))
def projects_view(request):
    runs.append(request.method)
    return HttpResponse("the projects")


def test_the_first_answer_carries_the_validator_and_a_revalidate_policy():
    project = PublishedProjectFactory()

    response = projects_view(factory.get("/feed"))

    assert response.status_code == 200
    assert response["ETag"].startswith('W/"')
    assert response["Last-Modified"] == http_date(project.updated_at.timestamp())
    assert "must-revalidate" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]


def test_a_current_copy_gets_304_without_running_the_view():
    PublishedProjectFactory()
    etag = projects_view(factory.get("/feed"))["ETag"]
    runs.clear()

    answer = projects_view(factory.get("/feed", HTTP_IF_NONE_MATCH=etag))

    assert answer.status_code == 304
    assert answer["ETag"] == etag
    assert runs == []


def test_a_row_leaving_the_set_changes_the_tag_even_if_no_timestamp_moves():
    first, second = PublishedProjectFactory(), PublishedProjectFactory()
    etag = projects_view(factory.get("/feed"))["ETag"]

    Project.objects.filter(pk=min(first.pk, second.pk)).delete()

    assert projects_view(factory.get("/feed", HTTP_IF_NONE_MATCH=etag)).status_code == 200


def test_another_query_string_or_language_is_another_tag():
    request = factory.get("/feed?page=1")
    other = factory.get("/feed?page=2")

    assert Validator.of(request, 1).etag != Validator.of(other, 1).etag
    with translation.override("en"):
        english = Validator.of(request, 1).etag
    with translation.override("da"):
        assert Validator.of(request, 1).etag != english


def test_an_empty_set_has_a_tag_but_no_date():
    response = projects_view(factory.get("/feed"))

    assert response["ETag"]
    assert "Last-Modified" not in response


def test_writes_pass_straight_through():
    runs.clear()

    response = projects_view(factory.post("/feed"))

    assert runs == ["POST"]
    assert "ETag" not in response
