import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_privacy_page_names_kl_as_controller_by_default(client):
    body = client.get(reverse("privacy")).content.decode()
    assert "KL (Kommunernes Landsforening)" in body
    assert "Weidekampsgade 10, 2300 København S" in body
    assert "Datatilsynet" in body
    assert "30 dage" in body and "7 dage" in body  # the retention periods, from settings


def test_the_controller_comes_from_settings(client, settings):
    settings.PRIVACY_CONTROLLER_NAME = "Aarhus Kommune"
    settings.PRIVACY_DPO_EMAIL = "dpo@aarhus.dk"
    body = client.get(reverse("privacy")).content.decode()
    assert "Aarhus Kommune" in body and "dpo@aarhus.dk" in body


def test_the_footer_links_the_privacy_policy(client):
    body = client.get("/").content.decode()
    assert f'href="{reverse("privacy")}"' in body
    assert "Privatlivspolitik" in body


def test_the_page_links_export_and_deletion(client):
    body = client.get(reverse("privacy")).content.decode()
    assert reverse("accounts:export") in body and reverse("accounts:delete") in body
