"""The open-data catalogue in a real browser: the matrix of who publishes what (sort, filter,
a cell), a dataset page, a municipality's gaps, and linking a dataset from the project form."""

import re

import pytest
from playwright.sync_api import expect

from projects.models import Project
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.catalogue.conftest import add_dataset
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def in_english(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"


def both_sizes(page, name: str) -> None:
    page.set_viewport_size(DESKTOP)
    screenshot(page, f"{name}-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)


@pytest.fixture
def catalogue(db):
    """Aarhus publishes in three areas, Aalborg in one, Odder in none; Favrskov and
    Skanderborg (Odder's neighbours) publish waste data."""
    datasets = {
        "aarhus-parking": add_dataset(title="P-huse i Aarhus", municipality="751"),
        "aarhus-air": add_dataset(
            title="Luftkvalitet i Aarhus", municipality="751", areas=("luftkvalitet",)
        ),
        "aarhus-waste": add_dataset(
            title="Genbrug i Aarhus", municipality="751", areas=("affald",)
        ),
        "aalborg-parking": add_dataset(title="Parkering i Aalborg", municipality="851"),
        "favrskov-waste": add_dataset(
            title="Genbrugsstationer i Favrskov", municipality="710", areas=("affald",)
        ),
        "skanderborg-waste": add_dataset(
            title="Glascontainere i Skanderborg", municipality="746", areas=("affald",)
        ),
    }
    return datasets


def test_the_matrix_sorts_filters_and_opens_a_cell(page, catalogue):
    page.goto("/open-data/areas/")
    table = page.get_by_role("table")
    expect(table.locator("caption")).to_contain_text("98 kommuner")
    first_row = table.locator("tbody tr").first
    expect(first_row.locator("th")).to_have_text("Aabenraa")  # by name
    assert_accessible(page)
    both_sizes(page, "catalogue-matrix-da")

    # Sort by coverage with the form: Aarhus (three areas) comes first.
    page.select_option("#id_sort", "coverage")
    with page.expect_navigation():
        page.get_by_role("button", name="Vis").click()
    expect(first_row.locator("th")).to_have_text("Aarhus")
    expect(page.locator("th[aria-sort]")).to_contain_text("Dækkede områder")

    # Sort by one area from its column header: Aarhus and Aalborg lead on parking.
    with page.expect_navigation():
        table.locator("thead").get_by_role("link", name="Parkering").click()
    names = table.locator("tbody tr th").all_inner_texts()[:2]
    assert sorted(names) == ["Aalborg", "Aarhus"]

    # Filter by region: North Denmark has 11 municipalities, Aarhus is not among them.
    page.select_option("#id_region", "region-nordjylland")
    with page.expect_navigation():
        page.get_by_role("button", name="Vis").click()
    expect(table.locator("tbody tr")).to_have_count(11)
    expect(table.locator("tbody")).not_to_contain_text("Aarhus")

    # A cell opens its datasets.
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("Parkering i Aalborg: 1 datasæt")).click()
    expect(page).to_have_url(re.compile(r"/datasets/\?municipality=aalborg&area=parkering"))
    expect(page.locator("main")).to_contain_text("Parkering i Aalborg")
    expect(page.locator(".dataset-items li")).to_have_count(1)


def test_the_matrix_in_english_is_accessible_and_keyboard_scrollable(page, catalogue):
    page.goto("/open-data/areas/")
    in_english(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Who publishes what: data areas by municipality"
    )
    region = page.get_by_role("region", name=re.compile("Open datasets per data area"))
    region.focus()
    page.keyboard.press("ArrowRight")
    assert_accessible(page)
    both_sizes(page, "catalogue-matrix-en")


def test_a_dataset_page_shows_its_metadata_in_both_languages(page, catalogue):
    dataset = catalogue["aarhus-air"]
    page.goto("/datasets/")
    assert_accessible(page)
    both_sizes(page, "catalogue-list-da")
    with page.expect_navigation():
        page.get_by_role("link", name="Luftkvalitet i Aarhus").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Luftkvalitet i Aarhus")
    expect(page.locator("dl.facts")).to_contain_text("Aarhus")
    expect(page.get_by_role("table")).to_contain_text("CSV")
    expect(page.locator("main")).to_contain_text("Smart City-projekter, der bruger det")
    assert_accessible(page)
    both_sizes(page, "catalogue-dataset-da")

    in_english(page)
    expect(page.locator("main")).to_contain_text("Distributions")
    assert page.url.endswith(dataset.get_absolute_url())
    assert_accessible(page)
    both_sizes(page, "catalogue-dataset-en")
    page.goto("/datasets/?area=luftkvalitet")
    expect(page.locator(".area-guideline")).to_contain_text("Guideline: Air quality")
    assert_accessible(page)


def test_a_municipality_page_shows_its_gaps_with_examples(page, catalogue):
    page.goto("/municipalities/odder/")
    section = page.locator("section.municipality-open-data")
    expect(section).to_contain_text("0 af 18")
    gaps = section.locator("ul.gaps")
    expect(gaps).to_contain_text("Affald og genbrug")
    # Aalborg is neither in the region nor among the five nearest: not an example.
    expect(gaps).not_to_contain_text("Parkering i Aalborg")
    assert_accessible(page)
    both_sizes(page, "catalogue-municipality-gaps-da")
    with page.expect_navigation():
        gaps.get_by_role("link", name="Genbrugsstationer i Favrskov").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Genbrugsstationer i Favrskov")

    page.goto("/municipalities/odder/")
    in_english(page)
    expect(page.locator("section.municipality-open-data")).to_contain_text(
        "Gaps: what its neighbours publish and it does not"
    )
    assert_accessible(page)
    both_sizes(page, "catalogue-municipality-gaps-en")


def test_the_project_form_links_a_dataset_by_typeahead(page, catalogue):
    dataset = catalogue["aarhus-parking"]
    UserFactory(email="karen@example.com", display_name="Karen Borger")
    sign_in(page, "karen@example.com")
    page.goto("/projects/submit/")

    search = page.get_by_role("combobox", name="Find et datasæt i kataloget over åbne data")
    search.fill("P-huse")
    options = page.locator("#dataset-options").get_by_role("option")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("P-huse i Aarhus")
    expect(search).to_have_attribute("aria-expanded", "true")
    assert_accessible(page)
    both_sizes(page, "catalogue-project-form-typeahead-da")
    search.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    search.press("Enter")
    links = page.locator("#id_open_data_links")
    expect(links).to_have_value(re.compile(r"P-huse i Aarhus \| http://.+/datasets/.+/"))
    expect(page.locator("[data-picker-status]")).to_have_text("Føjet til listen: P-huse i Aarhus")

    page.fill("#id_title", "Ledige pladser i P-husene")
    page.fill("#id_summary", "Skilte viser ledige pladser.")
    page.select_option("#id_theme", "parkering")
    page.select_option("#id_status", "pilot")
    page.select_option("#id_submitter_kind", "citizen")
    page.fill("#id_address", "Aarhus")
    with page.expect_navigation():
        page.click("form.project-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("Tak! Dit projekt er modtaget.")
    [link] = Project.objects.get().open_data_links
    assert link["dataset"] == dataset.slug

    page.goto("/projects/submit/")
    in_english(page)
    page.get_by_role("combobox", name="Find a dataset in the open-data catalogue").fill("Aalborg")
    expect(page.locator("#dataset-options").get_by_role("option")).to_have_count(1)
    assert_accessible(page)
