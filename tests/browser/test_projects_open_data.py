import pytest

from tests.browser.conftest import assert_accessible, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_open_data_page_is_reached_from_the_footer_and_has_no_violations(page):
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("contentinfo").get_by_role("link", name="Åbne data").click()

    assert page.get_by_role("heading", level=1, name="Åbne data").is_visible()
    assert page.get_by_role("link", name="Creative Commons Navngivelse 4.0").is_visible()
    screenshot(page, "open-data")
    assert_accessible(page)


def test_the_api_docs_render_every_operation_under_the_content_security_policy(page):
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    page.goto("/api/docs/")
    page.locator(".opblock").first.wait_for()

    operations = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/map/" in operations
    assert "/api/v1/projects/geojson/" in operations
    assert page.get_by_text("CC BY 4.0").first.is_visible()
    screenshot(page, "api-docs")
    assert refused == []
