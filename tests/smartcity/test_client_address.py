"""Rate limits count by the client address our own proxies saw, never by a header the
client wrote (issue 18, item 4)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from projects.models import Project
from smartcity.client_address import client_address
from tests.factories import UserFactory
from tests.projects.test_views import form_data

pytestmark = pytest.mark.django_db

LIST = "/api/v1/projects/"


@pytest.fixture
def slow_api(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min", "user": "100/min"},
    }


def request_from(remote: str, forwarded: str | None = None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_by_default_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = 0
    assert client_address(request_from("198.51.100.7", "203.0.113.1")) == "198.51.100.7"


def test_behind_one_proxy_the_address_it_saw_counts_not_what_the_client_wrote(settings):
    settings.TRUSTED_PROXIES = 1
    # The client sent "X-Forwarded-For: 1.2.3.4"; our proxy appended the address it saw.
    request = request_from("10.0.0.2", "1.2.3.4, 203.0.113.9")
    assert client_address(request) == "203.0.113.9"


def test_behind_two_proxies_the_outer_proxys_view_counts(settings):
    settings.TRUSTED_PROXIES = 2
    assert client_address(request_from("10.0.0.3", "1.2.3.4, 203.0.113.9, 10.0.0.2")) == (
        "203.0.113.9"
    )


def test_a_request_that_bypassed_the_proxies_or_wrote_nonsense_counts_by_its_connection(
    settings,
):
    settings.TRUSTED_PROXIES = 2
    assert client_address(request_from("198.51.100.7", "203.0.113.9")) == "198.51.100.7"
    settings.TRUSTED_PROXIES = 1
    assert client_address(request_from("198.51.100.7", "not-an-address")) == "198.51.100.7"


def test_a_new_forwarded_header_on_every_request_does_not_escape_the_api_throttle(client, slow_api):
    answers = [
        client.get(LIST, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(4)
    ]

    assert answers == [200, 200, 200, 429]


def test_the_default_throttles_of_every_api_view_count_by_the_client_address():
    from rest_framework.settings import api_settings

    request = request_from("198.51.100.7", "203.0.113.1")
    for throttle_class in api_settings.DEFAULT_THROTTLE_CLASSES:
        assert throttle_class().get_ident(request) == "198.51.100.7"


def test_behind_a_proxy_each_real_client_has_its_own_allowance(client, slow_api, settings):
    settings.TRUSTED_PROXIES = 1

    first = [
        client.get(LIST, HTTP_X_FORWARDED_FOR=f"1.1.1.{n}, 203.0.113.5").status_code
        for n in range(4)
    ]
    other = client.get(LIST, HTTP_X_FORWARDED_FOR="203.0.113.6").status_code

    assert first == [200, 200, 200, 429]
    assert other == 200


def test_sign_up_limits_count_by_the_same_address(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/m/ip"}
    answers = []
    for n in range(3):
        response = client.post(
            reverse("account_signup"),
            {
                "email": f"ny{n}@example.com",
                "display_name": f"Ny {n}",
                "password1": "a-long-enough-passphrase",
                "password2": "a-long-enough-passphrase",
            },
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
        answers.append(response.status_code)

    assert answers == [302, 302, 429]


def test_project_submissions_are_limited_per_address_across_accounts(client, settings):
    settings.PROJECTS_SUBMISSIONS_PER_ADDRESS_HOUR = 2
    answers = []
    for n in range(3):
        client.force_login(UserFactory(email=f"konto{n}@example.com"))
        answers.append(
            client.post(
                "/projects/submit/", form_data(), HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"
            ).status_code
        )

    assert answers == [302, 302, 400]
    assert Project.objects.count() == 2
