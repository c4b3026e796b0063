import pytest

pytestmark = pytest.mark.django_db

DEEP = "[" * 100_000 + "]" * 100_000


def test_deeply_nested_json_is_a_clear_400_not_a_server_error(client, alice):
    client.force_login(alice)
    client.cookies["django_language"] = "en"

    response = client.post("/api/v1/projects/", DEEP, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"detail": "The JSON is nested too deeply."}


def test_the_message_is_danish_by_default(client, alice):
    client.force_login(alice)

    response = client.post("/api/v1/projects/", DEEP, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"detail": "JSON-dataene er indlejret for dybt."}


def test_ordinary_json_still_reaches_the_view(client, alice):
    client.force_login(alice)

    response = client.post("/api/v1/projects/", {"title": ""}, content_type="application/json")

    assert response.status_code == 400
    assert "title" in response.json()
