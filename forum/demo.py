"""Demo threads for seed_demo: realistic questions and answers between municipal staff.

Idempotent: a thread whose title already exists in its category is left alone."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User

from . import services
from .models import Category, Post, State, Thread

JENS = "trafik@aarhus.dk"  # Jens Trafikplanlægger, Aarhus
SOFIE = "byudvikling@kk.dk"  # Sofie Byudvikler, København
MODERATOR = "moderator@example.com"

DEMO_THREADS = [
    {
        "category": "smart-parkering",
        "author": JENS,
        "title": "Erfaringer med parkeringssensorer i asfalten?",
        "body": (
            "Vi skal i gang med et pilotprojekt med sensorer i 300 p-båse i Aarhus C.\n\n"
            "Har nogen erfaring med **magnetometer-sensorer** frem for kameraer? Vi er især "
            "i tvivl om:\n\n"
            "- batterilevetiden i praksis (leverandøren lover 8 år)\n"
            "- hvordan de klarer sne, saltning og fejemaskiner\n"
            "- om data kan deles som åbne data med det samme"
        ),
        "answers": [
            (
                SOFIE,
                "Vi har haft 450 magnetometre i drift i tre år. Batterierne holder fint, men "
                "regn med 3-5 % udfald om året, især hvor bilerne holder skævt.\n\n"
                "Om vinteren giver tung sne falske *optaget*-målinger. Vi kalibrerer sensorerne "
                "igen efter hver snevinter — læg det ind i driftsaftalen fra start.",
            ),
            (
                JENS,
                "Tak, det er meget brugbart! Kalibreringen skriver vi ind i udbuddet. "
                "@[Sofie Byudvikler] bruger I LoRaWAN eller NB-IoT til dem?",
            ),
            (
                SOFIE,
                "LoRaWAN på vores eget net. NB-IoT var dyrere pr. sensor hos os, men kræver "
                "ingen gateways — det afhænger af, om I i forvejen har et net.",
            ),
        ],
        "solution": 0,
    },
    {
        "category": "gadebelysning",
        "author": SOFIE,
        "title": "LED-gadelys: hvor meget dæmper I om natten?",
        "body": (
            "Vi er ved at skifte de sidste 6.000 armaturer til LED med styring. Politikerne "
            "spørger, hvor meget vi kan dæmpe efter midnat uden at det går ud over trygheden.\n\n"
            "Hvad gør I, og har I målt på det?"
        ),
        "answers": [
            (
                JENS,
                "Vi dæmper til 50 % fra kl. 23 til 5 på boligveje og 70 % på trafikveje. "
                "Tryghedsvandringer med borgerne gav ingen klager. Besparelsen var ca. 35 % "
                "oven i LED-skiftet.\n\nSe også Vejdirektoratets vejledning om vejbelysning.",
            ),
            (
                SOFIE,
                "Tak! Vi prøver jeres niveauer i to bydele og måler klager og uheld i et år.",
            ),
        ],
        "solution": 0,
    },
    {
        "category": "mobilitet-og-trafik",
        "author": JENS,
        "title": "Trafiktælling i rundkørsler med kameraer eller radar?",
        "body": (
            "Vi vil tælle trafikken i de fem største rundkørsler på ringvejen, fordelt på "
            "tilfarter og køretøjstyper. Slangetællinger duer ikke i rundkørsler.\n\n"
            "Hvad har I brugt, og hvordan håndterer I GDPR ved kameraer?"
        ),
        "answers": [
            (
                SOFIE,
                "Vi bruger kameraer med analyse i selve enheden: der gemmes kun tællinger og "
                "spor uden billeder, så der behandles ingen personoplysninger. Lav alligevel "
                "en konsekvensanalyse (DPIA) og få den godkendt af jeres DPO.\n\n"
                "Præcisionen er 95-98 % i dagslys, lidt lavere i mørke og regn.",
            ),
            (
                JENS,
                "Radar har vi testet i én rundkørsel: fin til hastighed, men svagere til "
                "at skelne cykler fra knallerter. Vi går videre med kameraer.",
            ),
        ],
        "solution": 0,
    },
    {
        "category": "aabne-data",
        "author": SOFIE,
        "title": "Hvordan udgiver I sensordata som åbne data?",
        "body": (
            "Vi vil udgive parkerings- og trafikdata som åbne data. Bruger I "
            "Open Data DK, jeres egen CKAN eller noget helt tredje? Og hvilken licens?"
        ),
        "answers": [
            (
                JENS,
                "Vi udgiver på Open Data DK under CC BY 4.0 og opdaterer hvert 5. minut via "
                "et API. Husk at beskrive felterne og opdateringsfrekvensen — det er det, "
                "udviklerne spørger mest om.",
            ),
        ],
        "solution": 0,
    },
    {
        "category": "indkoeb",
        "author": JENS,
        "title": "Udbud af IoT-platform: erfaringer med SKI-aftalen?",
        "body": (
            "Vi overvejer at købe en IoT-platform via SKI frem for et selvstændigt udbud. "
            "Hvilke krav til dataejerskab og exit har I fået med?"
        ),
        "answers": [
            (
                SOFIE,
                "Få skrevet ind, at I ejer alle rå data og kan trække dem ud i et åbent "
                "format uden ekstra betaling ved kontraktens ophør. Det sparede os for meget.",
            ),
        ],
        "solution": 0,
    },
]


def _backdate(thread, posts, *, days_ago: int) -> None:
    """Date a demo thread in the past, its answers an hour apart, so the demo reads like a
    forum in use and its authors' next real posts are not counted as a burst."""
    start = timezone.now() - timedelta(days=days_ago)
    Thread.objects.filter(pk=thread.pk).update(created_at=start)
    for hours, post in enumerate(posts):
        Post.objects.filter(pk=post.pk).update(created_at=start + timedelta(hours=hours))
    services.thread_refresh(thread=thread)
    services.category_refresh(category=thread.category)


def _published(post, moderator) -> None:
    """Should screening hold a demo post all the same (a changed word list, say), the demo
    moderator publishes it (the decision is logged like any other)."""
    if post.state != State.PUBLISHED and moderator is not None:
        services.post_set_state(post=post, state=State.PUBLISHED, by=moderator, note="demo content")


def seed(*, stdout, options) -> None:
    users = {user.email: user for user in User.objects.filter(email__in=[JENS, SOFIE, MODERATOR])}
    if JENS not in users or SOFIE not in users:
        stdout.write("forum: demo users missing; skipped.")
        return
    moderator = users.get(MODERATOR)
    created = 0
    for index, spec in enumerate(DEMO_THREADS):
        category = Category.objects.get(slug=spec["category"])
        if Thread.objects.filter(category=category, title=spec["title"]).exists():
            continue
        thread = services.thread_create(
            author=users[spec["author"]],
            category=category,
            title=spec["title"],
            body=spec["body"],
            enforce_rate_limit=False,
        )
        _published(thread.first_post, moderator)
        thread.refresh_from_db()
        answers = []
        for email, body in spec["answers"]:
            post = services.post_create(
                author=users[email], thread=thread, body=body, enforce_rate_limit=False
            )
            _published(post, moderator)
            post.refresh_from_db()
            answers.append(post)
        _backdate(thread, [thread.first_post, *answers], days_ago=3 * (len(DEMO_THREADS) - index))
        solution = answers[spec["solution"]]
        if solution.author_id != thread.author_id:
            services.thread_set_solution(thread=thread, post=solution, by=thread.author)
        created += 1
    stdout.write(f"forum: {created} demo threads added.")
