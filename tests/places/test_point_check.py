"""The point picker's check before submitting: on land in Denmark (or just off its coast), and
in which municipality, from the shipped boundaries."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def check(client, lat, lng, language="da"):
    client.cookies["django_language"] = language
    return client.get(reverse("places:point_check"), {"lat": lat, "lng": lng})


def test_a_point_in_frederiksberg_is_taken_and_named(client, django_assert_max_num_queries):
    check(client, 55.6796, 12.5248)  # reads the shipped boundaries into this process once
    # 1. whether a boundary file was loaded, 2. the municipality
    with django_assert_max_num_queries(2):
        answer = check(client, 55.6796, 12.5248)
    assert answer.status_code == 200
    assert answer.json() == {
        "in_denmark": True,
        "municipality": {"code": "147", "name": "Frederiksberg", "slug": "frederiksberg"},
        "message": "",
    }


@pytest.mark.parametrize(
    "lat, lng",
    [(56.0, 10.5), (55.605, 13.0), (54.7833, 9.4333)],  # Kattegat, Malmö, Flensburg
)
def test_a_point_at_sea_or_abroad_is_refused_with_the_reason_in_danish(client, lat, lng):
    answer = check(client, lat, lng).json()
    assert answer["in_denmark"] is False
    assert answer["municipality"] is None
    assert answer["message"] == (
        "Punktet skal ligge på land i Danmark eller højst 500 m fra kysten."
    )


def test_the_reason_is_in_english_on_english_pages(client):
    answer = check(client, 56.0, 10.5, language="en").json()
    assert answer["message"] == (
        "The point must lie on land in Denmark, or at most 500 m off its coast."
    )


@pytest.mark.parametrize("query", [{}, {"lat": "x", "lng": "10"}, {"lat": "nan", "lng": "10"}])
def test_nonsense_is_a_clear_bad_request(client, query):
    client.cookies["django_language"] = "da"
    answer = client.get(reverse("places:point_check"), query)
    assert answer.status_code == 400
    assert answer.json() == {"error": "Angiv lat og lng i decimalgrader."}


def test_only_get_is_allowed(client):
    assert client.post(reverse("places:point_check"), {"lat": 56, "lng": 10}).status_code == 405
