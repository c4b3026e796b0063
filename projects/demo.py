"""Demo projects for the local site (`manage.py seed_demo`) and synthetic ones for benchmarks
(`manage.py seed_demo --projects N`). Both are idempotent."""

import random
from datetime import date, timedelta

from django.db import connection
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from places.models import Municipality
from smartcity.markdown import render_markdown

from .models import Adoption, Project, Theme
from .themes import load_themes

# (title, theme slug, municipality code, status, submitter kind, organisation, summary)
DEMO_PROJECTS = [
    (
        "Sensorer viser ledige P-pladser i Midtbyen",
        "parkering",
        "751",
        "operation",
        "municipality",
        "Aarhus Kommune",
        "500 sensorer i asfalten fortæller bilister via app og skilte, hvor der er ledige pladser.",
    ),  # noqa: E501
    (
        "Digital P-skiltning ved Odense Banegård",
        "parkering",
        "461",
        "operation",
        "municipality",
        "Odense Kommune",
        "Dynamiske skilte leder bilister direkte til P-huse med ledig kapacitet.",
    ),  # noqa: E501
    (
        "Parkeringsapp til handicappladser",
        "parkering",
        "101",
        "pilot",
        "business",
        "ParkSmart ApS",
        "En app viser i realtid, om handicap-P-pladserne i indre by er optaget.",
    ),  # noqa: E501
    (
        "Kameraer tæller biler i P-huse",
        "parkering",
        "851",
        "planned",
        "municipality",
        "Aalborg Kommune",
        "Nummerpladegenkendelse giver et samlet overblik over belægningen i kommunens P-huse.",
    ),  # noqa: E501
    (
        "Delebiler i landsbyerne",
        "smart-mobilitet",
        "657",
        "pilot",
        "citizen",
        "Landsbylauget",
        "Elektriske delebiler bookes via en fælles app og deles af fire landsbyer.",
    ),  # noqa: E501
    (
        "Flextrafik med samkørsel",
        "smart-mobilitet",
        "561",
        "operation",
        "municipality",
        "Esbjerg Kommune",
        "Borgere i yderområderne kan bestille kørsel, der samles med andre ture.",
    ),  # noqa: E501
    (
        "Selvkørende minibus på havnen",
        "smart-mobilitet",
        "630",
        "completed",
        "knowledge",
        "DTU",
        "Et forsøg med en førerløs minibus mellem station og havnefront.",
    ),  # noqa: E501
    (
        "Cykeltællere på supercykelstier",
        "smart-mobilitet",
        "147",
        "operation",
        "municipality",
        "Frederiksberg Kommune",
        "Automatiske tællere giver data om cykeltrafikken time for time.",
    ),  # noqa: E501
    (
        "Mobilitetshub ved stationen",
        "smart-mobilitet",
        "173",
        "planned",
        "municipality",
        "Lyngby-Taarbæk Kommune",
        "Delecykler, delebiler og ladestandere samlet ét sted ved stationen.",
    ),  # noqa: E501
    (
        "Intelligent signalstyring i Ringgadens kryds",
        "trafik-rundkoersler-kryds",
        "751",
        "operation",
        "municipality",
        "Aarhus Kommune",
        "Signalerne tilpasser sig trafikken og giver busser og cykler prioritet.",
    ),  # noqa: E501
    (
        "Trafiksensorer i rundkørsler",
        "trafik-rundkoersler-kryds",
        "615",
        "pilot",
        "business",
        "TrafikData A/S",
        "Radarer måler kø og ventetid i byens største rundkørsler.",
    ),  # noqa: E501
    (
        "Grøn bølge for cyklister",
        "trafik-rundkoersler-kryds",
        "101",
        "operation",
        "municipality",
        "Københavns Kommune",
        "Cyklister i 20 km/t møder grønt lys hele vejen ind mod byen.",
    ),  # noqa: E501
    (
        "Varsling af skolebørn i krydset",
        "trafik-rundkoersler-kryds",
        "607",
        "idea",
        "citizen",
        "",
        "Et lysskilt blinker, når børn på vej til skole nærmer sig krydset.",
    ),  # noqa: E501
    (
        "Prioritering af udrykningskøretøjer",
        "trafik-rundkoersler-kryds",
        "730",
        "pilot",
        "municipality",
        "Randers Kommune",
        "Ambulancer får automatisk grønt lys i de mest belastede kryds.",
    ),  # noqa: E501
    (
        "LED-gadelys der dæmpes om natten",
        "gadebelysning",
        "740",
        "operation",
        "municipality",
        "Silkeborg Kommune",
        "9.000 gadelamper er skiftet til LED og dæmpes efter behov.",
    ),  # noqa: E501
    (
        "Bevægelsesstyret stibelysning",
        "gadebelysning",
        "621",
        "operation",
        "municipality",
        "Kolding Kommune",
        "Lyset på stierne tændes først, når nogen kommer gående eller cyklende.",
    ),  # noqa: E501
    (
        "Gadelamper med sensorer for støj og luft",
        "gadebelysning",
        "461",
        "pilot",
        "knowledge",
        "Syddansk Universitet",
        "Lygtepæle bærer sensorer, der måler støj, temperatur og luftkvalitet.",
    ),  # noqa: E501
    (
        "Fjernstyret julebelysning",
        "gadebelysning",
        "510",
        "idea",
        "citizen",
        "Handelsforeningen",
        "Julebelysningen i gågaden styres og overvåges fra en app.",
    ),  # noqa: E501
    (
        "Regnvandsbassiner med vandstandsmålere",
        "klimatilpasning",
        "101",
        "operation",
        "municipality",
        "Københavns Kommune",
        "Målere i regnvandsbassiner advarer, før kloakkerne løber over.",
    ),  # noqa: E501
    (
        "Varsling af stormflod i Vejle Fjord",
        "klimatilpasning",
        "630",
        "operation",
        "municipality",
        "Vejle Kommune",
        "Sensorer og prognoser giver borgere en sms, før vandet stiger.",
    ),  # noqa: E501
    (
        "Digital tvilling af oversvømmelser",
        "klimatilpasning",
        "265",
        "pilot",
        "knowledge",
        "Aalborg Universitet",
        "En 3D-model viser, hvor regnvandet løber hen ved skybrud.",
    ),  # noqa: E501
    (
        "Grønne tage med fugtmålere",
        "klimatilpasning",
        "751",
        "planned",
        "business",
        "Grøn Tag ApS",
        "Fugtsensorer viser, hvor meget regn de grønne tage holder tilbage.",
    ),  # noqa: E501
    (
        "Skybrudssikring af boligområde",
        "klimatilpasning",
        "253",
        "completed",
        "municipality",
        "Greve Kommune",
        "Vejene er formet, så skybrud ledes uden om husene.",
    ),  # noqa: E501
    (
        "Affaldsspande der melder, når de er fulde",
        "affald",
        "851",
        "operation",
        "municipality",
        "Aalborg Kommune",
        "Fyldningssensorer sparer tømninger og holder byen ren.",
    ),  # noqa: E501
    (
        "Nedgravede containere med sensorer",
        "affald",
        "791",
        "operation",
        "municipality",
        "Viborg Kommune",
        "Ruterne for renovationsbilerne planlægges efter, hvor containerne er fulde.",
    ),  # noqa: E501
    (
        "Sorteringsapp for borgere",
        "affald",
        "169",
        "pilot",
        "business",
        "SorterRigtigt ApS",
        "Scan emballagen og få at vide, hvilken spand den skal i.",
    ),  # noqa: E501
    (
        "Genbrugsplads med nummerpladeadgang",
        "affald",
        "727",
        "operation",
        "municipality",
        "Odder Kommune",
        "Borgere kan aflevere affald uden for åbningstid med adgang via nummerplade.",
    ),  # noqa: E501
    (
        "Måling af luftkvalitet ved skoler",
        "luftkvalitet",
        "101",
        "operation",
        "municipality",
        "Københavns Kommune",
        "Små målestationer ved 30 skoler måler NO2 og partikler.",
    ),  # noqa: E501
    (
        "Borgere måler luften med egne sensorer",
        "luftkvalitet",
        "751",
        "pilot",
        "citizen",
        "Luft i Aarhus",
        "Frivillige har sat 120 billige sensorer op på altaner og i haver.",
    ),  # noqa: E501
    (
        "Luftkvalitetskort for Odense",
        "luftkvalitet",
        "461",
        "planned",
        "knowledge",
        "Aarhus Universitet",
        "Et åbent kort viser luftforureningen gade for gade.",
    ),  # noqa: E501
    (
        "Fjernvarme styret af vejrprognoser",
        "energi",
        "657",
        "operation",
        "business",
        "Herning Fjernvarme",
        "Produktionen planlægges efter vejret, så der spildes mindre varme.",
    ),  # noqa: E501
    (
        "Energistyring i kommunale bygninger",
        "energi",
        "615",
        "operation",
        "municipality",
        "Horsens Kommune",
        "Fjernaflæste målere finder bygninger, der bruger for meget energi.",
    ),  # noqa: E501
    (
        "Solceller på skoletage med dataskærme",
        "energi",
        "540",
        "completed",
        "municipality",
        "Sønderborg Kommune",
        "Eleverne kan følge produktionen fra skolens solceller i undervisningen.",
    ),  # noqa: E501
    (
        "Lokalt energifællesskab",
        "energi",
        "400",
        "pilot",
        "citizen",
        "Energiforeningen Bornholm",
        "Naboer deler strøm fra solceller og batterier i et lokalt net.",
    ),  # noqa: E501
    (
        "Ladestandere med smart opladning",
        "energi",
        "173",
        "operation",
        "business",
        "LadNu A/S",
        "Elbiler lades, når strømmen er billigst og grønnest.",
    ),  # noqa: E501
    (
        "Lækagesporing i vandnettet",
        "vand",
        "740",
        "operation",
        "business",
        "Silkeborg Forsyning",
        "Akustiske sensorer finder utætte rør, før de springer.",
    ),  # noqa: E501
    (
        "Fjernaflæste vandmålere",
        "vand",
        "621",
        "operation",
        "municipality",
        "Kolding Kommune",
        "Alle husstande har fået målere, der afslører skjulte lækager.",
    ),  # noqa: E501
    (
        "Badevandskvalitet i realtid",
        "vand",
        "101",
        "operation",
        "municipality",
        "Københavns Kommune",
        "Målinger i havnebadene vises på en åben hjemmeside.",
    ),  # noqa: E501
    (
        "Overvågning af grundvandsstand",
        "vand",
        "791",
        "planned",
        "knowledge",
        "GEUS",
        "Boringer med sensorer giver data om grundvandet i hele kommunen.",
    ),  # noqa: E501
    (
        "Åben dataplatform for byens sensorer",
        "aabne-data",
        "751",
        "operation",
        "municipality",
        "Aarhus Kommune",
        "Alle kommunens sensordata er frit tilgængelige som åbne data.",
    ),  # noqa: E501
    (
        "Fælles datakatalog for Fyn",
        "aabne-data",
        "461",
        "pilot",
        "municipality",
        "Odense Kommune",
        "Ti fynske kommuner deler deres datasæt i ét katalog.",
    ),  # noqa: E501
    (
        "Hackathon om trafikdata",
        "aabne-data",
        "851",
        "completed",
        "knowledge",
        "Aalborg Universitet",
        "Studerende byggede nye tjenester på kommunens åbne trafikdata.",
    ),  # noqa: E501
    (
        "Åbne data om legepladser",
        "aabne-data",
        "147",
        "idea",
        "citizen",
        "",
        "Et ønske om åbne data om legepladsernes udstyr og tilgængelighed.",
    ),  # noqa: E501
    (
        "Digitalt borgerpanel om byudvikling",
        "borgerinddragelse",
        "101",
        "operation",
        "municipality",
        "Københavns Kommune",
        "Borgere giver løbende input til lokalplaner via et digitalt panel.",
    ),  # noqa: E501
    (
        "Fejlmelding via app",
        "borgerinddragelse",
        "630",
        "operation",
        "business",
        "GivetFix ApS",
        "Borgere melder huller i vejen og væltede skilte med foto og position.",
    ),  # noqa: E501
    (
        "VR-visning af nye byrum",
        "borgerinddragelse",
        "710",
        "pilot",
        "knowledge",
        "VIA University College",
        "Borgerne kan gå rundt i det nye torv i virtual reality, før det bygges.",
    ),  # noqa: E501
    (
        "Ungepanel for en smartere by",
        "borgerinddragelse",
        "561",
        "idea",
        "citizen",
        "Esbjerg Ungeråd",
        "Unge foreslår og stemmer om nye smart city-tiltag.",
    ),  # noqa: E501
    (
        "Datadrevet planlægning af bydel",
        "byudvikling",
        "751",
        "planned",
        "municipality",
        "Aarhus Kommune",
        "Data om trafik, støj og sol bruges til at planlægge en ny bydel.",
    ),  # noqa: E501
    (
        "Smart havneområde",
        "byudvikling",
        "851",
        "pilot",
        "municipality",
        "Aalborg Kommune",
        "Havnefronten er udstyret med wifi, sensorer og smart belysning.",
    ),  # noqa: E501
    (
        "Levende torv med sensorer",
        "byudvikling",
        "607",
        "completed",
        "municipality",
        "Fredericia Kommune",
        "Tællinger viser, hvordan torvet bruges efter ombygningen.",
    ),  # noqa: E501
    (
        "Digitale byggetilladelser",
        "byudvikling",
        "253",
        "operation",
        "municipality",
        "Greve Kommune",
        "Ansøgninger om byggetilladelse behandles digitalt med 3D-modeller.",
    ),  # noqa: E501
    (
        "Faldsensorer i plejeboliger",
        "sundhed-og-velfaerd",
        "657",
        "operation",
        "municipality",
        "Herning Kommune",
        "Sensorer varsler personalet, hvis en beboer falder om natten.",
    ),  # noqa: E501
    (
        "Skærmbesøg i hjemmeplejen",
        "sundhed-og-velfaerd",
        "540",
        "operation",
        "municipality",
        "Sønderborg Kommune",
        "Borgere får hjælp til medicin via videoopkald.",
    ),  # noqa: E501
    (
        "Træningsapp for ældre",
        "sundhed-og-velfaerd",
        "461",
        "pilot",
        "business",
        "AktivHverdag ApS",
        "Genoptræning hjemme med øvelser og opfølgning via tablet.",
    ),  # noqa: E501
    (
        "Hjertestartere på kortet",
        "sundhed-og-velfaerd",
        "400",
        "operation",
        "citizen",
        "Bornholms Frivillige",
        "Alle hjertestartere på øen er registreret med position og åbningstid.",
    ),  # noqa: E501
    (
        "Sensorer i vejbelægningen mod glatføre",
        "smart-mobilitet",
        "791",
        "pilot",
        "municipality",
        "Viborg Kommune",
        "Vejsensorer styrer saltningen, så der saltes før glatføret.",
    ),  # noqa: E501
    (
        "Billige parkeringslicenser til elbiler",
        "parkering",
        "147",
        "idea",
        "citizen",
        "",
        "Forslag om digitale beboerlicenser med rabat for elbiler.",
    ),  # noqa: E501
    (
        "Gratis wifi i bybusserne",
        "smart-mobilitet",
        "561",
        "rejected-demo",
        "citizen",
        "",
        "Forslag om wifi i alle bybusser.",
    ),  # noqa: E501
    (
        "Støjmålere i nattelivet",
        "luftkvalitet",
        "101",
        "review-demo",
        "citizen",
        "Beboerforeningen",
        "Støjmålere skal dokumentere generne fra nattelivet.",
    ),  # noqa: E501
    (
        "Smarte bænke med solceller",
        "energi",
        "751",
        "submitted-demo",
        "citizen",
        "",
        "Bænke hvor man kan lade telefonen med solenergi.",
    ),  # noqa: E501
    (
        "Digital skraldespand i parken",
        "affald",
        "630",
        "review-demo",
        "business",
        "BinTech",
        "En skraldespand der komprimerer affaldet med solenergi.",
    ),  # noqa: E501
]
# Statuses ending in "-demo" stand for a state other than published (the project's status is
# then "idea"); everything else is a published project with that status.
DEMO_STATES = {
    "rejected-demo": Project.State.REJECTED,
    "review-demo": Project.State.NEEDS_REVIEW,
    "submitted-demo": Project.State.SUBMITTED,
}
# Which municipalities use which solution (by the title's index in DEMO_PROJECTS).
DEMO_ADOPTIONS = {
    0: ["461", "101", "851", "630"],
    9: ["101", "461"],
    14: ["751", "621", "657", "615", "791"],
    18: ["751", "253"],
    23: ["751", "461", "101"],
    27: ["751"],
    35: ["621", "630"],
    39: ["101", "461", "851"],
    44: ["751", "851"],
    51: ["751", "540"],
}
AUTHORS = ["trafik@aarhus.dk", "byudvikling@kk.dk", "borger@example.com"]

DESCRIPTION = """## Baggrund
Projektet er sat i gang for at bruge data og teknologi til at løse en konkret udfordring i
{municipality} Kommune.

## Erfaringer
- Løsningen er udviklet sammen med borgere og fagfolk.
- Data deles som **åbne data**, så andre kommuner kan bruge dem.
"""

# The box synthetic benchmark points are kept inside (Bornholm included).
DENMARK_LAT = (54.5, 57.8)
DENMARK_LNG = (8.0, 15.2)


def _jitter(rng: random.Random, lat: float, lng: float, spread: float) -> tuple[float, float]:
    lat = min(max(lat + rng.gauss(0, spread), DENMARK_LAT[0]), DENMARK_LAT[1])
    lng = min(max(lng + rng.gauss(0, spread * 1.7), DENMARK_LNG[0]), DENMARK_LNG[1])
    return round(lat, 6), round(lng, 6)


def seed(*, stdout, options) -> None:
    load_themes(Theme)
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    municipalities = {m.code: m for m in Municipality.objects.all()}
    authors = {u.email: u for u in User.objects.filter(email__in=AUTHORS)}
    rng = random.Random(2024)
    now = timezone.now()

    for index, row in enumerate(DEMO_PROJECTS):
        title, theme, code, status, kind, organisation, summary = row
        municipality = municipalities[code]
        state = DEMO_STATES.get(status, Project.State.PUBLISHED)
        author = authors.get(AUTHORS[0] if code == "751" else AUTHORS[1 if code == "101" else 2])
        if kind == "citizen":
            author = authors.get("borger@example.com")
        lat, lng = _jitter(rng, municipality.lat, municipality.lng, 0.01)
        description = DESCRIPTION.format(municipality=municipality.name)
        Project.objects.update_or_create(
            slug=f"demo-{index + 1:02d}",
            defaults={
                "title": title,
                "summary": summary,
                "description": description,
                "description_html": render_markdown(description),
                "theme": themes[theme],
                "status": status if state == Project.State.PUBLISHED else Project.Status.IDEA,
                "submitter_kind": kind,
                "organisation": organisation,
                "started_on": date(2019, 1, 1) + timedelta(days=index * 37),
                "website": "https://www.example.dk/" if index % 3 == 0 else "",
                "open_data_links": (
                    [{"title": "Sensordata (CSV)", "url": "https://data.example.dk/sensorer.csv"}]
                    if index % 4 == 0
                    else []
                ),
                "lat": lat,
                "lng": lng,
                "precision": Project.Precision.POINT,
                "municipality": municipality,
                "author": author,
                "state": state,
                "rejection_reason": (
                    "Forslaget handler ikke om en konkret smart city-løsning."
                    if state == Project.State.REJECTED
                    else ""
                ),
                "published_at": (
                    now - timedelta(days=index * 5) if state == Project.State.PUBLISHED else None
                ),
            },
        )

    staff = {u.municipality_id: u for u in User.objects.filter(staff_verified_at__isnull=False)}
    for index, codes in DEMO_ADOPTIONS.items():
        project = Project.objects.get(slug=f"demo-{index + 1:02d}")
        for code in codes:
            municipality = municipalities[code]
            Adoption.objects.get_or_create(
                project=project,
                municipality=municipality,
                defaults={
                    "note": "Vi har indført løsningen efter et besøg.",
                    "created_by": staff.get(municipality.pk),
                },
            )
    # A project's own municipality is its origin, not an adopter: drop such rows (earlier demo
    # databases let staff adopt their own municipality's project).
    Adoption.objects.filter(
        project__slug__startswith="demo-", municipality=F("project__municipality")
    ).delete()
    # Keep the denormalised counts exact (also after adoptions were changed by hand).
    counts = (
        Adoption.objects.filter(project=OuterRef("pk"))
        .values("project")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Project.objects.filter(slug__startswith="demo-").update(
        adoption_count=Coalesce(Subquery(counts), 0)
    )
    stdout.write(f"{len(DEMO_PROJECTS)} demo projects in place.")

    wanted = int(options.get("projects") or 0)
    if wanted > 0:
        created = seed_synthetic(wanted, themes=list(themes.values()), rng=rng)
        stdout.write(f"{created} synthetic projects added ({wanted} in place).")


SYNTHETIC_PREFIX = "synthetic-"


def seed_synthetic(wanted: int, *, themes: list[Theme], rng: random.Random) -> int:
    """Make sure there are `wanted` synthetic published projects; return how many were added."""
    have = Project.objects.filter(slug__startswith=SYNTHETIC_PREFIX).count()
    if have >= wanted:
        return 0
    municipalities = list(Municipality.objects.all())
    statuses = [value for value, _label in Project.Status.choices]
    now = timezone.now()
    rows = []
    for number in range(have, wanted):
        municipality = rng.choice(municipalities)
        theme = rng.choice(themes)
        lat, lng = _jitter(rng, municipality.lat, municipality.lng, 0.06)
        rows.append(
            {
                "slug": f"{SYNTHETIC_PREFIX}{number + 1}",
                "title": f"{theme.name} i {municipality.name} #{number + 1}",
                "summary": f"Syntetisk projekt til belastningstest ({theme.name}).",
                "theme_id": theme.pk,
                "status": rng.choice(statuses),
                "submitter_kind": Project.SubmitterKind.MUNICIPALITY.value,
                "lat": lat,
                "lng": lng,
                "precision": Project.Precision.POINT.value,
                "municipality_id": municipality.pk,
                "state": Project.State.PUBLISHED.value,
                "published_at": now,
            }
        )
    if connection.vendor == "postgresql":
        _copy_into_postgresql(rows, now)
    else:
        Project.objects.bulk_create((Project(**row) for row in rows), batch_size=2000)
    return wanted - have


def _copy_into_postgresql(rows: list[dict], now) -> None:
    """COPY is several times faster than a multi-row INSERT for 100,000 rows; every column
    without a database default gets the model's default here."""
    defaults = {
        "description": "", "description_html": "", "organisation": "", "website": "",
        "open_data_links": "[]", "address": "", "attempts": 0, "last_error": "",
        "screening_reasons": "[]", "rejection_reason": "", "adoption_count": 0,
        "created_at": now, "updated_at": now,
    }  # fmt: skip
    columns = [*rows[0], *defaults]
    sql = "COPY {} ({}) FROM STDIN".format(
        connection.ops.quote_name(Project._meta.db_table),
        ", ".join(connection.ops.quote_name(c) for c in columns),
    )
    fixed = tuple(defaults.values())
    with connection.cursor() as cursor:
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row((*row.values(), *fixed))
        # Fresh statistics, or the planner keeps treating the table as small.
        cursor.execute(f"ANALYZE {connection.ops.quote_name(Project._meta.db_table)}")
