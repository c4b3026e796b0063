from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from accounts.services import user_make_staff_of
from events.models import Event, Registration
from places.models import Municipality
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _local(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def sign_out(page) -> None:
    page.context.clear_cookies()


def test_staff_create_an_in_person_event_after_fixing_their_mistakes(page):
    aarhus = Municipality.objects.get(code="751")
    user_make_staff_of(
        user=UserFactory(email="trafik@aarhus.dk", display_name="Trafikafdelingen"),
        municipality=aarhus,
    )
    sign_in(page, "trafik@aarhus.dk")
    page.goto("/events/")
    page.get_by_role("link", name="Opret et arrangement").click()
    start = (timezone.localtime() + timedelta(days=20)).replace(hour=9, minute=30)

    page.get_by_label("Titel").fill("Datadag om trafik i Aarhus")
    page.get_by_label("Type").select_option("data_day")
    page.get_by_label("Beskrivelse").fill(
        "Trafikplanlæggere viser, hvordan data om kryds og rundkørsler bruges i Aarhus."
    )
    page.get_by_label("Begynder (dansk tid)").fill(_local(start))
    page.get_by_label("Slutter (dansk tid)").fill(_local(start - timedelta(hours=2)))
    page.get_by_label("Antal pladser").fill("-3")
    page.get_by_label("Mødested", exact=True).fill("Dokk1")
    page.get_by_label("Mødestedets adresse").fill("Hack Kampmanns Plads 2, 8000 Aarhus C")
    with page.expect_navigation():
        page.get_by_role("button", name="Opret arrangementet").click()

    alert = page.get_by_role("alert")
    assert "Arrangementet skal slutte, efter det begynder." in alert.inner_text()
    assert "Antal pladser skal være et positivt tal" in alert.inner_text()
    assert not Event.objects.exists()
    screenshot(page, "events-form-errors")
    assert_accessible(page)

    page.get_by_label("Slutter (dansk tid)").fill(_local(start + timedelta(hours=6)))
    page.get_by_label("Antal pladser").fill("40")
    with page.expect_navigation():
        page.get_by_role("button", name="Opret arrangementet").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Datadag om trafik i Aarhus"
    assert "Arrangementet er offentliggjort." in page.locator(".messages").inner_text()
    event = Event.objects.get()
    assert event.state == "published" and event.municipality == aarhus
    assert "09.30" in page.locator(".facts").inner_text()
    page.wait_for_selector("#events-map .leaflet-marker-icon")
    screenshot(page, "events-detail-organiser")
    assert_accessible(page)


def test_a_citizen_registers_another_waits_and_is_promoted_when_the_first_cancels(page):
    event = EventFactory(title="Workshop med gymnasier", slug="workshop-gymnasier", capacity=1)
    UserFactory(email="alice@example.com", display_name="Alice")
    UserFactory(email="bob@example.com", display_name="Bob")

    sign_in(page, "alice@example.com")
    page.goto(event.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("button", name="Tilmeld mig").click()
    assert page.get_by_test_id("registration-status").inner_text() == "Du er tilmeldt."
    assert "0 af 1 pladser ledige" in page.get_by_test_id("seats").inner_text()
    screenshot(page, "events-detail-registered")
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "bob@example.com")
    page.goto(event.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("button", name="Skriv mig på ventelisten").click()
    assert "ventelisten (nummer 1)" in page.get_by_test_id("registration-status").inner_text()
    sign_out(page)

    mail.outbox.clear()
    sign_in(page, "alice@example.com")
    page.goto(event.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("button", name="Afmeld mig").click()
    assert "Din tilmelding er afmeldt." in page.locator(".messages").inner_text()

    promoted = [m for m in mail.outbox if m.to == ["bob@example.com"]]
    assert len(promoted) == 1
    assert "Du har fået en plads" in promoted[0].subject
    assert Registration.objects.get(user__email="bob@example.com").status == "confirmed"
    sign_out(page)

    sign_in(page, "bob@example.com")
    page.goto(event.get_absolute_url())
    assert page.get_by_test_id("registration-status").inner_text() == "Du er tilmeldt."


def test_add_to_calendar_downloads_an_ics_file_that_parses(page):
    event = EventFactory(title="Introduktionsseminar om åbne data", slug="intro-aabne-data")
    page.goto(event.get_absolute_url())
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Føj til kalender (.ics)").click()
    download = download_info.value
    assert download.suggested_filename == "intro-aabne-data.ics"
    calendar = icalendar.Calendar.from_ical(open(download.path(), "rb").read())
    (vevent,) = calendar.walk("VEVENT")
    assert vevent["SUMMARY"] == "Introduktionsseminar om åbne data"
    assert vevent["DTSTART"].dt == timezone.localtime(event.starts_at).replace(microsecond=0)
    assert str(vevent["URL"]).endswith("/events/intro-aabne-data/")
    webcal = page.get_by_role("link", name="Abonnér på alle arrangementer")
    assert webcal.get_attribute("href").startswith("webcal://")


def test_the_filters_work_and_survive_a_reload(page):
    odense = Municipality.objects.get(code="461")
    EventFactory(title="Datadag i Aarhus", kind="data_day")
    EventFactory(
        title="Workshop med SDU",
        kind="workshop",
        municipality=odense,
        lat=odense.lat,
        lng=odense.lng,
        venue_address="Campusvej 55, 5230 Odense M",
    )
    EventFactory(
        title="Webinar om datadeling",
        kind="webinar",
        is_online=True,
        online_url="https://meet.example.com/a",
        venue_name="",
        venue_address="",
        lat=None,
        lng=None,
        municipality=None,
    )
    page.goto("/events/")
    page.wait_for_selector("#events-map .leaflet-marker-icon")
    assert page.locator("#events-map .leaflet-marker-icon").count() == 2
    screenshot(page, "events-list")
    assert_accessible(page)

    page.get_by_label("Type").select_option("workshop")
    page.get_by_label("Region").select_option("region-syddanmark")
    with page.expect_navigation():
        page.get_by_role("button", name="Vis arrangementer").click()

    def shown() -> list[str]:
        return page.locator(".event-item h3").all_inner_texts()

    assert "kind=workshop" in page.url and "region=region-syddanmark" in page.url
    assert shown() == ["Workshop med SDU"]
    page.reload()
    assert shown() == ["Workshop med SDU"]
    assert page.get_by_label("Type").input_value() == "workshop"
    assert page.get_by_label("Region").input_value() == "region-syddanmark"
    screenshot(page, "events-list-filtered")

    page.get_by_label("Type").select_option("")
    page.get_by_label("Region").select_option("")
    page.get_by_label("Form").select_option("online")
    with page.expect_navigation():
        page.get_by_role("button", name="Vis arrangementer").click()
    assert shown() == ["Webinar om datadeling"]

    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto("/events/")
    screenshot(page, "events-list-phone")
    assert_accessible(page)


def test_the_archive_and_the_participant_list_are_accessible(page):
    aarhus = Municipality.objects.get(code="751")
    staff = user_make_staff_of(
        user=UserFactory(email="trafik@aarhus.dk", display_name="Trafikafdelingen"),
        municipality=aarhus,
    )
    EventFactory(
        title="Sidste års datadag",
        starts_at=timezone.now() - timedelta(days=200),
        ends_at=timezone.now() - timedelta(days=200, hours=-4),
    )
    event = EventFactory(title="Netværksmøde", organiser=staff, capacity=1)
    for n in range(2):
        user = UserFactory(email=f"deltager{n}@example.com", display_name=f"Deltager {n}")
        Registration.objects.create(
            event=event,
            user=user,
            status="confirmed" if n == 0 else "waiting",
            queued_at=timezone.now(),
        )
    page.goto("/events/archive/")
    assert page.locator(".event-item h3").all_inner_texts() == ["Sidste års datadag"]
    screenshot(page, "events-archive")
    assert_accessible(page)

    sign_in(page, "trafik@aarhus.dk")
    page.goto(f"/events/{event.slug}/participants/")
    assert "deltager0@example.com" in page.locator("main").inner_text()
    screenshot(page, "events-participants")
    assert_accessible(page)
    page.goto(f"/events/{event.slug}/cancel/")
    screenshot(page, "events-cancel")
    assert_accessible(page)
