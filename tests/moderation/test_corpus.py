"""A corpus of realistic submissions with the verdict a moderator would want for each, for a
citizen author and for a trusted author (verified municipal staff).

The test measures how well screening separates what may not be published automatically
(REVIEW or REJECT) and what is obvious spam (REJECT). Run with `-s` to see the figures.
"""

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from moderation.rules import comparable_text
from moderation.screening import Content, Verdict, decide, is_trusted, screen
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

P, R, X = Verdict.PUBLISH, Verdict.REVIEW, Verdict.REJECT

# Published projects near the submissions; the caller passes them as duplicate candidates.
PUBLISHED_NEARBY = [
    {
        "title": "Intelligent gadebelysning i Vejle",
        "summary": "LED-armaturer dæmpes om natten og lyser op, når sensorer registrerer "
        "fodgængere og cyklister.",
    },
    {
        "title": "Smarte affaldsbeholdere i Odense",
        "summary": "Beholderne i Odense midtby melder, når de er fulde, så tømningsruterne kan "
        "planlægges efter behov.",
    },
    {
        "title": "Air quality sensors at Copenhagen schools",
        "summary": "A network of low-cost sensors measures NO2 and particulate matter and "
        "publishes the data openly.",
    },
]
NEARBY = [(item["title"], comparable_text(item)) for item in PUBLISHED_NEARBY]


@dataclass
class Case:
    name: str
    title: str
    summary: str
    body: str = ""
    citizen: Verdict = R
    trusted: Verdict = P
    extra: dict = field(default_factory=dict)


CORPUS = [
    # --- clean Smart City projects: trusted authors publish, citizens wait for review ---------
    Case(
        "parking-aarhus",
        "Parkeringssensorer i Aarhus midtby",
        "Sensorer i asfalten viser ledige p-pladser i realtid i en app og på skilte.",
        "Aarhus Kommune har monteret 1.200 sensorer på kantstensparkering i midtbyen. Data "
        "bruges til at lede bilister direkte til en ledig plads og til at planlægge takster. "
        "Pilotprojektet startede i 2021 og kostede 4,2 mio. kr.",
    ),
    Case(
        "led-gladsaxe",
        "LED-gadebelysning i Gladsaxe",
        "Udskiftning af 9.000 gadelamper til LED med fjernstyring og dæmpning.",
        "Gladsaxe Kommune har skiftet al vejbelysning til LED-armaturer, som styres centralt "
        "via et trådløst net. Energiforbruget er faldet med 60 %, og fejl meldes automatisk. "
        "Læs mere på https://gladsaxe.dk/vejbelysning",
    ),
    Case(
        "cloudburst-copenhagen",
        "Skybrudssikring af Østerbro",
        "Regnbede, grønne veje og forsinkelsesbassiner skal tage toppen af skybrud.",
        "Københavns Kommune og HOFOR omdanner veje på Østerbro til skybrudsveje, der leder "
        "regnvand mod havnen. Niveausensorer i kloakken giver varsel 30 minutter før "
        "oversvømmelse. Projektet følger Skybrudsplanen fra 2012.",
    ),
    Case(
        "traffic-odense",
        "Grøn bølge for cyklister i Odense",
        "Trafiksignaler på fire indfaldsveje prioriterer cyklister med radar og GPS.",
        "Signalerne registrerer cyklister 80 meter før krydset og forlænger grøntiden. "
        "Rejsetiden på cykel er faldet med 12 % på strækningen, uden længere kø for bilerne.",
    ),
    Case(
        "roundabout-aalborg",
        "Trafiktælling i rundkørsler i Aalborg",
        "Videoanalyse tæller biler, cykler og fodgængere i seks rundkørsler.",
        "Kameraerne behandler billederne lokalt, og kun anonyme tællinger sendes videre. "
        "Data bruges til at prioritere ombygninger og er frigivet som åbne data.",
    ),
    Case(
        "open-data-vejle",
        "Åben dataplatform i Vejle",
        "Vejle samler data fra sensorer, trafik og forsyning på én åben platform.",
        "Platformen udstiller data via API og CSV under CC BY 4.0, så virksomheder og "
        "forskere kan bygge videre. Se data.vejle.dk.",
    ),
    Case(
        "waste-esbjerg",
        "Nedgravede containere med fyldniveau i Esbjerg",
        "Fyldniveaumålere i nedgravede glascontainere sparer unødige tømninger.",
        "Esbjerg Kommune har sat ultralydsmålere i 150 containere til glas og metal. "
        "Renovatøren får besked, når en container er 80 % fuld.",
    ),
    Case(
        "energy-middelfart",
        "Energistyring i kommunale bygninger i Middelfart",
        "Fjernaflæste målere og styring af ventilation i skoler og institutioner.",
        "Bygningerne overvåges time for time, og afvigelser sendes til driftspersonalet. "
        "Besparelsen er ca. 2.500 kr. pr. bygning om måneden.",
    ),
    Case(
        "digital-twin-horsens",
        "Digital tvilling af Horsens midtby",
        "En 3D-model med trafik, støj og vand bruges i byplanlægningen.",
        "Tvillingen kombinerer BBR, DAGI og målinger fra sensorer, så planlæggere kan "
        "afprøve nye cykelstier og skybrudsløsninger før anlæg.",
    ),
    Case(
        "electric-buses-roskilde",
        "Eldrevne bybusser i Roskilde",
        "Alle bybusser kører på el, og ladning planlægges ud fra køreplanen.",
        "Roskilde Kommune og Movia har indført 30 elbusser. Ladestationer på Roskilde "
        "Station lader bussene i pauserne, og CO2-udledningen er faldet markant.",
    ),
    Case(
        "ridesharing-rks",
        "Samkørsel i landdistrikterne",
        "En app forbinder bilister og passagerer i Ringkøbing-Skjern Kommune.",
        "Samkørslen supplerer den kollektive trafik i landsbyerne. Turene registreres "
        "anonymt, og kommunen følger brugen på en åben oversigt.",
    ),
    Case(
        "noise-aalborg",
        "Støjmålere i Jomfru Ane Gade",
        "Støjsensorer måler nattelivets lyd og hjælper med at dæmpe generne.",
        "Aalborg Kommune har sat 8 støjsensorer op i 2023. Målingerne deles med "
        "beboere og værtshuse, og der er indført stille timer efter kl. 2.",
    ),
    Case(
        "water-frederikshavn",
        "Lækagesøgning i vandnettet",
        "Akustiske sensorer finder utætte vandrør, før de sprænger.",
        "Frederikshavn Forsyning har installeret 400 loggere på vandledningerne. "
        "Vandspildet er faldet fra 9 til 5 procent på to år.",
    ),
    Case(
        "parking-aarhus-en",
        "Smart parking pilot in Aarhus city centre",
        "Ground sensors guide drivers to free spaces and cut search traffic.",
        "The municipality installed sensors in 1,200 kerbside spaces. Occupancy data feeds "
        "a mobile app and variable message signs at the main approach roads.",
    ),
    Case(
        "lighting-copenhagen-en",
        "Adaptive street lighting along Copenhagen harbour",
        "Lights dim when the quay is empty and brighten when cyclists approach.",
        "The harbour promenade uses motion sensors and a central management system. "
        "Energy use fell by half, and residents report fewer complaints about glare.",
    ),
    Case(
        "flood-randers-en",
        "Flood early warning in Randers",
        "Water level sensors in Gudenå warn the emergency services in good time.",
        "Twelve sensors report every five minutes over LoRaWAN. When the river rises "
        "quickly, the municipality and the fire service get an alert with a forecast.",
    ),
    Case(
        "bike-counting-odense-en",
        "Bike counters with open data in Odense",
        "Automatic counters on cycle paths publish hourly counts as open data.",
        "The counts have been published through the city's API since 2019 and are used "
        "in planning, by researchers at SDU and in a public dashboard.",
    ),
    Case(
        "traffic-api-aalborg-en",
        "Open traffic data API for Aalborg",
        "Real-time traffic flow from signals and counters, free for anyone to use.",
        "Developers can fetch the data as JSON or GeoJSON. See https://www.aalborg.dk "
        "for the documentation and the CC BY 4.0 licence.",
    ),
    Case(
        "citizen-idea",
        "Idé: sensorer på cykelparkeringen ved Aarhus H",
        "Det ville hjælpe pendlere at kunne se ledige cykelpladser ved stationen.",
        "Jeg cykler dagligt til Aarhus H og bruger ofte 10 minutter på at finde en plads. "
        "Kunne man vise det på en tavle, som man gør med bilparkering?",
    ),
    Case(
        "sensor-vendor-cvr",
        "Fugtsensorer i kommunale bygninger i Holstebro",
        "Trådløse sensorer advarer om fugt og skimmel i skoler og daginstitutioner.",
        "Løsningen er leveret af Indeklima ApS, CVR-nr. 29189919, og er udbudt efter "
        "SKI-aftale 02.19. Driften koster 350 kr. pr. sensor om året.",
    ),
    # Hard: a legitimate project that happens to use a listed word.
    Case(
        "blockchain-lolland",
        "Lokal energideling på Lolland",
        "Beboere handler overskudsstrøm fra solceller med hinanden.",
        "Handlen registreres på en blockchain-platform. Der bruges ikke kryptovaluta; "
        "afregningen sker i kroner via elregningen.",
    ),
    # --- hard cases without obvious signals ---------------------------------------------------
    Case(
        "advert-no-words-en",
        "Smart city consulting for municipalities",
        "Our company helps municipalities become smarter. Get a free quote today.",
        "We offer strategy, procurement support and sensor installation at competitive "
        "prices. Visit www.nordic-citysolutions.com for our price list.",
        R,
        R,
    ),
    Case(
        "rude-no-words-da",
        "Åndssvagt projekt",
        "Du er dum og grim, og dit projekt er spild af alles tid.",
        "Skrid hjem og lad være med at bruge vores penge på dit legetøj.",
        R,
        R,
    ),
    Case(
        "solar-spam-da",
        "Billige solceller – kæmpe tilbud",
        "Spar 70 % på solceller kun i denne uge, ring 70 20 30 40",
        "Vi leverer solceller til hele Danmark. Bestil på www.solcelle-tilbud.dk og få "
        "gratis montering.",
        X,
        X,
    ),
    # --- spam: rejected whoever submits it ------------------------------------------------------
    Case(
        "casino-da",
        "Bedste online casino i Danmark",
        "Få 200 free spins og gratis spins hver dag!",
        "Spil på vores online casino og vind stort. Tilmeld dig på www.vinder-casino.win",
        X,
        X,
    ),
    Case(
        "casino-en",
        "Best online casino bonus 2024",
        "Claim free spins now at our online casino",
        "Play slots at https://best-casino-offers.xyz and https://bit.ly/casino-bonus today",
        X,
        X,
    ),
    Case(
        "crypto-en",
        "Earn money fast with Bitcoin",
        "Guaranteed profit trading crypto from home",
        "Our bitcoin robot makes guaranteed returns of 300%. Work from home and earn money "
        "fast. Sign up at https://tinyurl.com/crypto-rich",
        X,
        X,
    ),
    Case(
        "crypto-da",
        "Tjen hurtige penge på kryptovaluta",
        "Garanteret gevinst med bitcoin – tjen penge hjemmefra",
        "Tusindvis af danskere tjener allerede 25.000 kr. om ugen. Klik på bit.ly/krypto-dk",
        X,
        X,
    ),
    Case(
        "viagra-en",
        "Cheap viagra and cialis online",
        "Buy viagra without prescription, discreet delivery",
        "Best prices on cialis and levitra. Order at www.cheap-meds-online.xyz",
        X,
        X,
    ),
    Case(
        "link-farm-en",
        "Great resources",
        "Check these sites",
        "https://seo-links.example.com https://backlinks-cheap.example.net "
        "https://buy-links.example.org https://rank-fast.example.info "
        "https://top-seo.example.biz https://more-links.example.co — cheap backlinks and "
        "seo services!",
        X,
        X,
    ),
    Case(
        "loans-da",
        "Kviklån uden kreditvurdering",
        "Hurtige lån på 5 minutter – lån penge nu",
        "Få kviklån på op til 50.000 kr. med det samme. Ansøg på www.kviklaan-nu.win og "
        "https://bit.ly/laan-nu",
        X,
        X,
    ),
    Case(
        "escort-en",
        "Escort service Copenhagen",
        "Beautiful escorts available 24/7",
        "Visit www.cph-escort-girls.xyz for escorts and xxx content",
        X,
        X,
    ),
    Case(
        "followers-da",
        "Køb følgere billigt",
        "Køb følgere og billige følgere til Instagram",
        "Vi sælger 10.000 følgere for 99 kr. Skriv til os på www.følgere-shop.dk eller "
        "https://bit.ly/folgere og https://tinyurl.com/folgere",
        X,
        X,
    ),
    # --- abusive: a moderator looks; the grossest is rejected outright -------------------------
    Case(
        "abuse-da-1",
        "Hvilket lorteprojekt",
        "I er nogle idioter på rådhuset, der bruger vores skattekroner på det her.",
        "Sensorer på parkeringspladser? Det er noget lort. Brug pengene på veje i stedet.",
        R,
        R,
    ),
    Case(
        "abuse-da-2",
        "Borgmesteren er en klaphat",
        "Hele teknik- og miljøforvaltningen burde fyres.",
        "Det er det dummeste projekt, jeg nogensinde har set, og ingen har spurgt borgerne.",
        R,
        R,
    ),
    Case(
        "abuse-en-1",
        "This is bullshit",
        "Whoever approved these smart bins is an idiot.",
        "The bins are always full anyway. Nobody in the council has a clue what they are doing.",
        R,
        R,
    ),
    Case(
        "abuse-en-2",
        "Fucking morons",
        "You fucking morons wasted our money, you are all assholes and idiots",
        "Shit project run by a bunch of retards.",
        X,
        X,
    ),
    Case(
        "abuse-da-3",
        "Fuck jer",
        "I er kraftidioter og røvhuller allesammen",
        "Luk det lorteprojekt ned, I spassere.",
        X,
        X,
    ),
    # --- personal data: never published automatically -----------------------------------------
    Case(
        "phone-da",
        "Delebilsordning i Silkeborg",
        "Naboer deler elbiler, som bookes via en fælles kalender.",
        "Ordningen har kørt siden 2022 med fire biler. Vil du være med, så ring på "
        "12 34 56 78 efter kl. 17.",
        R,
        R,
    ),
    Case(
        "email-da",
        "Borgerpanel om trafik i Køge",
        "Borgere tester nye trafikløsninger og giver feedback.",
        "Panelet mødes hver måned på biblioteket. Tilmelding til mette.jensen@gmail.com.",
        R,
        R,
    ),
    Case(
        "cpr-da",
        "Ansøgning om ladestander",
        "Jeg ønsker en offentlig ladestander foran min bolig i Viborg.",
        "Mit navn er Jens Hansen, cpr 120378-1234, og jeg bor på Søndergade i Viborg. "
        "Der er ingen ladestandere inden for 2 km.",
        R,
        R,
    ),
    Case(
        "phone-en",
        "Community energy in Samsø",
        "Residents co-own wind turbines and a district heating plant.",
        "The island is energy self-sufficient. For guided tours call +45 86 59 32 22.",
        R,
        R,
    ),
    Case(
        "email-en",
        "Smart irrigation in Herning parks",
        "Soil moisture sensors tell the park staff when to water.",
        "Water use dropped by 40 %. Contact the project lead at p.nielsen@herning.dk for details.",
        R,
        R,
    ),
    # --- near-duplicates of published projects nearby ------------------------------------------
    Case(
        "duplicate-lighting",
        "Intelligent gadebelysning i Vejle med LED",
        "LED-armaturer dæmpes om natten og lyser op, når sensorer registrerer fodgængere og "
        "cyklister",
        "Vi vil gerne vise vores projekt på kortet.",
        R,
        R,
    ),
    Case(
        "duplicate-bins",
        "Smarte affaldsbeholdere i Odense",
        "Affaldsbeholdere i Odense midtby melder når de er fulde, så tømningsruterne "
        "planlægges efter behov",
        "Projektet er gennemført af Odense Renovation.",
        R,
        R,
    ),
    Case(
        "duplicate-air-en",
        "Air quality sensors at schools in Copenhagen",
        "A network of low-cost sensors at Copenhagen schools measures NO2 and particulate "
        "matter and publishes the data openly",
        "",
        R,
        R,
    ),
    # --- shouting, repetition, length, location, behaviour -------------------------------------
    Case(
        "shouting-da",
        "STOP SPILD AF PENGE PÅ SMART CITY",
        "KOMMUNEN SKAL BRUGE PENGENE PÅ VEJE OG SKOLER I STEDET",
        "",
        R,
        R,
    ),
    Case(
        "shouting-en",
        "WHY IS NOBODY FIXING THE TRAFFIC LIGHTS",
        "The lights on Vesterbrogade are broken AGAIN!!!!",
        "Every morning it takes forever. Fix it now!!!!!!",
        R,
        R,
    ),
    Case(
        "too-short",
        "Test",
        "test",
        "",
        R,
        R,
    ),
    Case(
        "outside-denmark",
        "Smarta gatlyktor i Malmö",
        "Gadebelysning med sensorer på Västra Hamnen i Malmö, Sverige.",
        "Projektet viser, hvordan LED og sensorer kan spare energi i en havneby.",
        R,
        R,
        {"in_denmark": False},
    ),
    Case(
        "velocity",
        "Sensorer til parkering",
        "Vores løsning passer til alle kommuner i hele Danmark og kan leveres straks.",
        "Vi har indsendt løsningen for hver eneste kommune, så alle kan se den på kortet.",
        R,
        R,
        {"recent_count": 14},
    ),
]


def content_for(case: Case, author, trusted_author: bool) -> Content:
    return Content(
        kind="project",
        texts={"title": case.title, "summary": case.summary, "body": case.body},
        author=author,
        in_denmark=case.extra.get("in_denmark", True),
        duplicates_of=NEARBY,
        recent_count=case.extra.get("recent_count", 1),
        author_published_count=0,
    )


def precision_recall(pairs: list[tuple[bool, bool]]) -> tuple[float, float]:
    """(expected, predicted) booleans for one class."""
    true_positive = sum(1 for expected, predicted in pairs if expected and predicted)
    predicted = sum(1 for _expected, p in pairs if p)
    expected = sum(1 for e, _predicted in pairs if e)
    return (true_positive / predicted if predicted else 1.0, true_positive / expected)


@pytest.fixture
def authors(staff_user):
    long_ago = timezone.now() - dt.timedelta(days=120)
    citizen = UserFactory(email="borger@example.com", display_name="Borger", date_joined=long_ago)
    staff_user.date_joined = long_ago
    staff_user.save(update_fields=["date_joined"])
    assert not is_trusted(citizen, published_count=0)
    assert is_trusted(staff_user, published_count=0)
    return {"citizen": citizen, "trusted": staff_user}


def test_the_corpus_is_large_and_varied():
    assert len(CORPUS) >= 40
    assert len({case.name for case in CORPUS}) == len(CORPUS)
    assert sum(1 for case in CORPUS if case.trusted == P) >= 15
    assert sum(1 for case in CORPUS if case.trusted == X) >= 8


def test_screening_separates_the_corpus(authors):
    outcomes = []  # (case, author kind, expected, predicted, result)
    for case in CORPUS:
        for kind, author in authors.items():
            trusted = kind == "trusted"
            result = screen(content_for(case, author, trusted))
            verdict = decide(result, trusted=is_trusted(author, published_count=0))
            expected = case.trusted if trusted else case.citizen
            outcomes.append((case, kind, expected, verdict, result))

    def figures(rows, positive):
        return precision_recall([(positive(e), positive(p)) for _c, _k, e, p, _r in rows])

    not_publishable = lambda verdict: verdict != P  # noqa: E731
    rejected = lambda verdict: verdict == X  # noqa: E731
    trusted_rows = [row for row in outcomes if row[1] == "trusted"]
    report = {
        "not publishable, all": figures(outcomes, not_publishable),
        "not publishable, trusted authors": figures(trusted_rows, not_publishable),
        "reject, all": figures(outcomes, rejected),
    }
    accuracy = sum(1 for _c, _k, e, p, _r in outcomes if e == p) / len(outcomes)
    print(f"\nCorpus: {len(CORPUS)} submissions × 2 authors = {len(outcomes)} decisions")
    for label, (precision, recall) in report.items():
        print(f"  {label:34} precision {precision:.3f}  recall {recall:.3f}")
    print(f"  exact verdict accuracy             {accuracy:.3f}")
    for case, kind, expected, predicted, result in outcomes:
        if expected != predicted:
            print(
                f"  MISS {case.name} ({kind}): expected {expected}, got {predicted}, "
                f"score {result.score}, {list(result.codes)}"
            )

    for label, (precision, recall) in report.items():
        assert precision >= 0.9, label
        assert recall >= 0.9, label


# --- the forum: a member's post compared with their own recent posts ----------------------------
#
# Forum members are verified staff (trusted). Like is compared with like: whole texts of similar
# length, quotes removed, so a reply that repeats a short earlier post, or quotes it, is not a
# copy; a real repeat is noted in the log but does not hide a trusted member's post.


@dataclass
class ForumCase:
    name: str
    earlier: list  # the author's own recent posts: a reply's body, or a thread's {title, body}
    body: str
    title: str = ""
    trusted: Verdict = P
    citizen: Verdict = R
    codes: set = field(default_factory=set)  # reason codes the screening must give
    recent_count: int = 1


SHORT_ANSWER = "Vi har sensorer i asfalten på 400 pladser i midtbyen."
LONG_ANSWER = (
    "Vi har haft sensorer i asfalten i tre år. Batterierne holder kortere end lovet, og "
    "sneplove har ødelagt en del af dem, så vi er ved at skifte til kameraer på lygtepæle."
)
FORUM_CORPUS = [
    ForumCase(
        "longer-reply-repeats-short-post",
        [SHORT_ANSWER],
        SHORT_ANSWER + " Derudover har vi lavet en app, som viser ledige pladser, og vi deler "
        "data som åbne data på Open Data DK, så andre kan bruge dem.",
    ),
    ForumCase(
        "short-post-inside-longer-one",
        [SHORT_ANSWER + " Dataene deles i øvrigt som åbne data hvert femte minut via et API."],
        SHORT_ANSWER,
    ),
    ForumCase(
        "quotes-own-post",
        [LONG_ANSWER],
        "> Jens Trafikplanlægger skrev:\n>\n> "
        + LONG_ANSWER
        + "\n\nEn opdatering: kameraerne er nu oppe, og de tæller også cykler.",
    ),
    ForumCase(
        "new-thread-repeats-own-answer",
        [SHORT_ANSWER],
        SHORT_ANSWER + " Hvor mange pladser har I, og hvad har I valgt?",
        title="Hvor mange parkeringssensorer har I?",
    ),
    ForumCase(
        "same-text-twice",
        [LONG_ANSWER],
        LONG_ANSWER,
        codes={"duplicate"},
    ),
    ForumCase(
        "same-question-in-two-categories",
        [{"title": "Hvordan udgiver I sensordata som åbne data?", "body": LONG_ANSWER}],
        LONG_ANSWER,
        title="Hvordan udgiver I sensordata som åbne data?",
        codes={"duplicate"},
    ),
    ForumCase(
        "burst-of-posts",
        [],
        "Enig, det samme ser vi her i Aalborg.",
        trusted=R,
        codes={"velocity"},
        recent_count=8,
    ),
]


def forum_content(case: ForumCase, author) -> Content:
    # An earlier reply is its body; an earlier thread's opening post is its title and body.
    earlier = [texts if isinstance(texts, dict) else {"body": texts} for texts in case.earlier]
    texts = {"title": case.title, "body": case.body} if case.title else {"body": case.body}
    return Content(
        kind="forum_post",
        texts=texts,
        author=author,
        duplicates_of=[(f"#{i}", comparable_text(t)) for i, t in enumerate(earlier, 1)],
        recent_count=case.recent_count,
        author_published_count=10,
    )


@pytest.mark.parametrize("case", FORUM_CORPUS, ids=lambda case: case.name)
def test_forum_screening_compares_like_with_like(authors, case):
    for kind, expected in (("trusted", case.trusted), ("citizen", case.citizen)):
        author = authors[kind]
        result = screen(forum_content(case, author))
        published = 10 if kind == "trusted" else 0
        verdict = decide(result, trusted=is_trusted(author, published_count=published))

        assert set(result.codes) == case.codes, (kind, result.as_json())
        assert verdict == expected, (kind, result.as_json())


def test_a_trusted_members_repeat_is_noted_but_an_unknown_authors_counts():
    text = comparable_text({"body": LONG_ANSWER})
    staff, stranger = UserFactory(display_name="Staff"), UserFactory(display_name="Stranger")
    from accounts.services import user_make_staff_of
    from places.models import Municipality

    staff = user_make_staff_of(user=staff, municipality=Municipality.objects.get(code="101"))

    def weight(author):
        content = Content(
            kind="forum_post",
            texts={"body": LONG_ANSWER},
            author=author,
            duplicates_of=[("#1", text)],
        )
        (reason,) = [r for r in screen(content).reasons if r.code == "duplicate"]
        return reason.weight

    assert weight(staff) < 1.0 <= weight(stranger)


@pytest.mark.parametrize(
    ("kind", "danish", "english"),
    [
        ("forum_post", "10 minutter", "10 minutes"),
        ("project", "24 timer", "24 hours"),
        ("event", "24 timer", "24 hours"),
    ],
)
def test_the_velocity_reason_names_the_window_that_was_counted(kind, danish, english):
    content = Content(
        kind=kind, texts={"body": "Hej med jer alle sammen."}, author=None, recent_count=9
    )
    reasons = [reason for reason in screen(content).reasons if reason.code == "velocity"]

    assert len(reasons) == 1
    assert danish in reasons[0].message_da
    assert english in reasons[0].message_en
