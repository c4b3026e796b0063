"""Demo events for seed_demo, modelled on what KL's Smart City Forum has actually run: intro
seminars on open data, data days, Smart City workshops with schools and universities, a national
conference with an urban-space and a rural track, webinars and network meetings.

Idempotent: events are keyed by slug; running it again changes nothing. Times are set relative
to the first run (most upcoming, some past)."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from places.geocoding import GeocoderUnavailable
from places.models import Municipality
from smartcity.markdown import render_markdown

from .models import Event, Registration
from .services import venue_locate


@dataclass(frozen=True)
class DemoEvent:
    slug: str
    title: str
    kind: str
    days_from_now: int
    start: time
    hours: float
    municipality: str  # code, also the fallback location
    venue_name: str
    venue_address: str
    description: str
    themes: tuple[str, ...] = ()
    capacity: int | None = None
    online_url: str = ""
    organiser: str = "trafik@aarhus.dk"
    registrations: tuple[str, ...] = ()


DEMO_EVENTS = [
    DemoEvent(
        slug="demo-introduktionsseminar-aabne-data-aarhus",
        title="Introduktionsseminar om åbne data",
        kind="intro_seminar",
        days_from_now=-45,
        start=time(9, 30),
        hours=5.5,
        municipality="751",
        venue_name="Dokk1",
        venue_address="Hack Kampmanns Plads 2, 8000 Aarhus C",
        description=(
            "Hvad er åbne data, og hvordan kommer kommunen i gang?\n\n"
            "Seminaret giver en introduktion til åbne data i kommunerne: hvilke data kan "
            "deles, hvordan de beskrives, og hvordan andre kommuner har gjort. Med cases fra "
            "Aarhus og København og tid til spørgsmål.\n\n"
            "**For** medarbejdere i kommunerne, der skal arbejde med data og digitalisering."
        ),
        themes=("aabne-data",),
        capacity=60,
        registrations=("borger@example.com", "byudvikling@kk.dk"),
    ),
    DemoEvent(
        slug="demo-introduktionsseminar-aabne-data-koebenhavn",
        title="Introduktionsseminar om åbne data",
        kind="intro_seminar",
        days_from_now=21,
        start=time(9, 30),
        hours=5.5,
        municipality="101",
        venue_name="KL-Huset",
        venue_address="Weidekampsgade 10, 2300 København S",
        description=(
            "Andet introduktionsseminar om åbne data, nu på Sjælland.\n\n"
            "Vi gennemgår begreber, licenser og datakvalitet, og deltagerne arbejder med "
            "kommunens egne datasæt: hvilke kan blive åbne, og hvem vil bruge dem?\n\n"
            "Programmet:\n\n"
            "1. Velkomst og introduktion til åbne data\n"
            "2. Cases fra kommunerne\n"
            "3. Øvelse: kommunens datasæt\n"
            "4. Opsamling og næste skridt"
        ),
        themes=("aabne-data",),
        capacity=50,
        organiser="byudvikling@kk.dk",
        registrations=("borger@example.com", "moderator@example.com"),
    ),
    DemoEvent(
        slug="demo-datadag-vejle",
        title="Datadag: Data i drift og planlægning",
        kind="data_day",
        days_from_now=-12,
        start=time(9, 0),
        hours=7,
        municipality="630",
        venue_name="Spinderihallerne",
        venue_address="Spinderigade 11E, 7100 Vejle",
        description=(
            "En hel dag om data i kommunernes drift: sensorer i kloakker, data om "
            "parkering og tællinger af trafik. Kommunerne viser, hvad de har lært, og "
            "leverandører og forskere giver deres bud på næste skridt."
        ),
        themes=("aabne-data", "klimatilpasning"),
        capacity=80,
        registrations=("borger@example.com",),
    ),
    DemoEvent(
        slug="demo-datadag-aalborg",
        title="Datadag om trafikdata og mobilitet",
        kind="data_day",
        days_from_now=35,
        start=time(9, 0),
        hours=6.5,
        municipality="851",
        venue_name="Aalborg Rådhus",
        venue_address="Boulevarden 13, 9000 Aalborg",
        description=(
            "Hvordan bruger kommunerne data om trafik i rundkørsler og kryds, om cykler "
            "og om den kollektive trafik? Dagen samler trafikplanlæggere, dataansvarlige "
            "og forskere fra Aalborg Universitet."
        ),
        themes=("smart-mobilitet", "trafik-rundkoersler-kryds"),
        capacity=70,
        registrations=("trafik@aarhus.dk", "borger@example.com"),
    ),
    DemoEvent(
        slug="demo-workshop-gymnasier-dtu",
        title="Smart City-workshop med gymnasieelever og DTU",
        kind="workshop",
        days_from_now=14,
        start=time(10, 0),
        hours=4,
        municipality="173",
        venue_name="DTU Skylab",
        venue_address="Centrifugevej 374, 2800 Kongens Lyngby",
        description=(
            "Elever fra gymnasier i hovedstadsområdet arbejder sammen med studerende og "
            "forskere fra DTU om løsninger på kommunale udfordringer: luftkvalitet ved "
            "skoler, tryg gadebelysning og bedre cykelparkering."
        ),
        themes=("luftkvalitet", "gadebelysning"),
        capacity=2,
        organiser="byudvikling@kk.dk",
        registrations=("borger@example.com", "moderator@example.com", "trafik@aarhus.dk"),
    ),
    DemoEvent(
        slug="demo-workshop-sdu-folkeskoler",
        title="Workshop: Sensorer i byrummet med SDU og folkeskoler",
        kind="workshop",
        days_from_now=28,
        start=time(9, 0),
        hours=5,
        municipality="461",
        venue_name="SDU, Campusvej",
        venue_address="Campusvej 55, 5230 Odense M",
        description=(
            "Folkeskoleelever bygger og opsætter enkle sensorer til måling af støj og "
            "temperatur sammen med forskere fra Syddansk Universitet. Kommunens "
            "medarbejdere viser, hvordan data bruges i byplanlægningen."
        ),
        themes=("borgerinddragelse", "byudvikling"),
        capacity=30,
    ),
    DemoEvent(
        slug="demo-workshop-aau-past",
        title="Smart City-workshop med Aalborg Universitet",
        kind="workshop",
        days_from_now=-80,
        start=time(13, 0),
        hours=3,
        municipality="851",
        venue_name="Aalborg Universitet",
        venue_address="Fredrik Bajers Vej 7, 9220 Aalborg Ø",
        description=(
            "Studerende og kommunale medarbejdere udviklede idéer til bedre brug af data "
            "om affaldsindsamling og energiforbrug i kommunale bygninger."
        ),
        themes=("affald", "energi"),
        capacity=40,
    ),
    DemoEvent(
        slug="demo-konference-byrum-landdistrikter",
        title="Smart City-konferencen: Fremtidens byrum og levende landdistrikter",
        kind="conference",
        days_from_now=60,
        start=time(9, 0),
        hours=8,
        municipality="450",
        venue_name="Hotel Nyborg Strand",
        venue_address="Østersøvej 2, 5800 Nyborg",
        description=(
            "Den landsdækkende Smart City-konference samler kommuner, virksomheder og "
            "vidensinstitutioner.\n\n"
            "## Spor 1: Byrum\n\n"
            "Data og teknologi i fremtidens byrum: tryghed, belysning, klimatilpasning og "
            "liv mellem husene.\n\n"
            "## Spor 2: Landdistrikter\n\n"
            "Smart City er også for landdistrikterne: mobilitet, digital infrastruktur og "
            "nære velfærdstilbud uden for de store byer."
        ),
        themes=("byudvikling", "smart-mobilitet", "klimatilpasning"),
        capacity=250,
        registrations=(
            "borger@example.com",
            "trafik@aarhus.dk",
            "byudvikling@kk.dk",
            "moderator@example.com",
        ),
    ),
    DemoEvent(
        slug="demo-webinar-aabne-data-gdpr",
        title="Webinar: Åbne data og databeskyttelse",
        kind="webinar",
        days_from_now=9,
        start=time(14, 0),
        hours=1,
        municipality="",
        venue_name="",
        venue_address="",
        description=(
            "Hvornår kan kommunens data blive åbne, og hvornår skal de beskyttes? En "
            "jurist og en dataansvarlig gennemgår reglerne og typiske faldgruber."
        ),
        themes=("aabne-data",),
        online_url="https://meet.example.com/smartcity-webinar-gdpr",
        registrations=("borger@example.com",),
    ),
    DemoEvent(
        slug="demo-webinar-sensordata",
        title="Webinar: Sensordata fra idé til drift",
        kind="webinar",
        days_from_now=42,
        start=time(10, 0),
        hours=1.5,
        municipality="",
        venue_name="",
        venue_address="",
        description=(
            "Erfaringer fra kommuner, der har sat sensorer op til parkering, "
            "vandstand og luftkvalitet: indkøb, drift, data og deling."
        ),
        themes=("parkering", "vand", "luftkvalitet"),
        online_url="https://meet.example.com/smartcity-webinar-sensorer",
        organiser="byudvikling@kk.dk",
    ),
    DemoEvent(
        slug="demo-netvaerksmoede-koordinatorer",
        title="Netværksmøde for kommunale Smart City-koordinatorer",
        kind="network_meeting",
        days_from_now=18,
        start=time(12, 30),
        hours=3.5,
        municipality="630",
        venue_name="Vejle Rådhus",
        venue_address="Skolegade 1, 7100 Vejle",
        description=(
            "Kommunernes Smart City-koordinatorer mødes og udveksler erfaringer. Tema for "
            "mødet: hvordan deler vi løsninger mellem kommunerne, så de ikke skal "
            "opfindes igen?"
        ),
        themes=("byudvikling",),
        capacity=35,
        registrations=("trafik@aarhus.dk", "byudvikling@kk.dk"),
    ),
]


def _datetime(day_offset: int, at: time) -> datetime:
    day = timezone.localdate() + timedelta(days=day_offset)
    return timezone.make_aware(datetime.combine(day, at))


def _locate(spec: DemoEvent):
    if not spec.venue_address:
        return None, None, None
    fallback = Municipality.objects.get(code=spec.municipality)
    try:
        location = venue_locate(address=spec.venue_address)
    except (ValidationError, GeocoderUnavailable):
        location = None
    if location is None or location.municipality != fallback:
        return fallback.lat, fallback.lng, fallback
    return location.lat, location.lng, location.municipality


def seed(*, stdout, options) -> None:
    from projects.models import Theme

    users = {user.email: user for user in User.objects.all()}
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    created = 0
    for spec in DEMO_EVENTS:
        if Event.objects.filter(slug=spec.slug).exists():
            continue
        organiser = users.get(spec.organiser)
        starts_at = _datetime(spec.days_from_now, spec.start)
        lat, lng, municipality = _locate(spec)
        event = Event.objects.create(
            slug=spec.slug,
            title=spec.title,
            kind=spec.kind,
            description=spec.description,
            description_html=render_markdown(spec.description),
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=spec.hours),
            registration_deadline=starts_at - timedelta(days=2),
            is_online=bool(spec.online_url),
            online_url=spec.online_url,
            venue_name=spec.venue_name,
            venue_address=spec.venue_address,
            lat=lat,
            lng=lng,
            municipality=municipality,
            organiser=organiser,
            organiser_municipality=organiser.municipality if organiser else None,
            capacity=spec.capacity,
            state=Event.State.PUBLISHED,
            published_at=timezone.now(),
        )
        event.themes.set([themes[slug] for slug in spec.themes if slug in themes])
        _register(event, [users[email] for email in spec.registrations if email in users])
        created += 1
    stdout.write(f"Events: {created} demo events added ({len(DEMO_EVENTS)} in the demo set).")


def _register(event: Event, people: list[User]) -> None:
    """Registrations straight into the table: demo data must not send e-mails, and past
    events are closed for the service."""
    for position, user in enumerate(people):
        full = event.capacity is not None and position >= event.capacity
        queued_at = event.starts_at - timedelta(days=10, minutes=-position)
        Registration.objects.get_or_create(
            event=event,
            user=user,
            defaults={
                "status": Registration.Status.WAITING if full else Registration.Status.CONFIRMED,
                "queued_at": queued_at,
                "confirmed_at": None if full else queued_at,
            },
        )
