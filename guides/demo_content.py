# ruff: noqa: E501  (prose: the guides read better unwrapped at the sentence)
"""The demo guides: one per common theme, in Danish with an English version. Written for a
municipality that is starting; the figures are typical ranges, not promises."""

# Each guide: slug, theme slug, audience, data areas, linked demo project titles, and the text
# in "da" and "en" (title, summary, body, steps, effort, pitfalls).
GUIDES = [
    {
        "slug": "kom-i-gang-med-nem-parkering",
        "theme": "parkering",
        "audience": "any",
        "data_areas": ["parkering", "trafiktaellinger", "ladestandere"],
        "projects": [
            "Sensorer viser ledige P-pladser i Midtbyen",
            "Digital P-skiltning ved Odense Banegård",
        ],
        "da": {
            "title": "Kom i gang med nem parkering",
            "summary": (
                "Sådan viser kommunen ledige P-pladser i realtid og bruger tallene til at planlægge: "
                "start med de pladser, hvor søgetrafikken er størst, og del data åbent fra dag ét."
            ),
            "body": (
                "## Hvorfor\n\n"
                "Op mod en tredjedel af trafikken i en travl midtby kan være bilister, der leder efter "
                "en plads. Når ledige pladser vises på skilte, i apps og som åbne data, falder "
                "søgetrafikken, og kommunen får et faktuelt grundlag for takster, P-normer og "
                "byrumsprojekter.\n\n"
                "## Vælg den rigtige teknik\n\n"
                "- **Bomanlæg og kameraer ved ind- og udkørsel** i P-huse og på indhegnede pladser: "
                "billigt og præcist, fordi man kun tæller ind og ud.\n"
                "- **Sensorer i den enkelte bås** på gadeparkering: dyrere, men viser præcis hvor.\n"
                "- **Betalingsdata** fra P-apps og automater: et gratis skøn over belægningen, men "
                "ikke realtid for de gratis pladser.\n\n"
                "Begynd med P-huse og store pladser, og brug betalingsdata til resten."
            ),
            "steps": [
                "Kortlæg de 3–5 områder med mest søgetrafik (klager, tællinger, betalingsdata).",
                "Opgør de pladser, kommunen selv ejer, og hvem der driver de private P-huse.",
                "Vælg teknik pr. område: tælling ved ind- og udkørsel før sensorer i hver bås.",
                "Stil krav i udbuddet om åbne data via et dokumenteret API og en åben licens.",
                "Kør en pilot i et område i 3–6 måneder og mål søgetrafik og belægning før og efter.",
                "Vis ledige pladser på skilte og send data til de apps, borgerne allerede bruger.",
                "Udvid til næste område, og brug data i den årlige revision af takster og P-normer.",
            ],
            "effort": (
                "- **Tælling i et P-hus**: typisk 50.000–150.000 kr. i anlæg og et lille årligt "
                "driftsbeløb.\n"
                "- **Sensor pr. bås**: 1.000–2.500 kr. pr. plads plus batteriskift efter 5–8 år.\n"
                "- **Medarbejdertid**: en projektleder 1–2 dage om ugen i et halvt år, plus jura "
                "og udbud.\n"
                "- **Tid**: 6–12 måneder fra beslutning til pilot i drift."
            ),
            "pitfalls": (
                "- **Låste data**: uden krav om åbent API ejer leverandøren reelt jeres data.\n"
                "- **For mange sensorer for tidligt**: start smalt, og mål om skiltningen virker.\n"
                "- **Glemte private P-huse**: borgerne skelner ikke, så inddrag ejerne fra start.\n"
                "- **Persondata**: kameraer må ikke gemme nummerplader længere end nødvendigt — "
                "lav en konsekvensanalyse."
            ),
        },
        "en": {
            "title": "Getting started with easy parking",
            "summary": (
                "How a municipality shows free parking spaces in real time and uses the figures "
                "for planning: start where cruising for a space is worst, and publish open data "
                "from day one."
            ),
            "body": (
                "## Why\n\n"
                "In a busy town centre up to a third of the traffic can be drivers looking for a "
                "space. When free spaces are shown on signs, in apps and as open data, cruising "
                "falls, and the municipality gets facts for tariffs, parking standards and urban "
                "projects.\n\n"
                "## Choose the right technique\n\n"
                "- **Barriers and cameras at entry and exit** of car parks and fenced areas: cheap "
                "and accurate, because you only count in and out.\n"
                "- **A sensor in each bay** for on-street parking: dearer, but shows exactly where.\n"
                "- **Payment data** from parking apps and machines: a free estimate of occupancy, "
                "but not real time for free spaces.\n\n"
                "Start with car parks and large areas, and use payment data for the rest."
            ),
            "steps": [
                "Map the 3–5 areas with the most cruising (complaints, counts, payment data).",
                "List the spaces the municipality owns and who runs the private car parks.",
                "Choose a technique per area: entry and exit counting before sensors in every bay.",
                "Require open data through a documented API under an open licence in the tender.",
                "Run a pilot in one area for 3–6 months and measure cruising and occupancy before "
                "and after.",
                "Show free spaces on signs and send the data to the apps people already use.",
                "Extend to the next area, and use the data in the yearly review of tariffs and "
                "parking standards.",
            ],
            "effort": (
                "- **Counting in one car park**: typically DKK 50,000–150,000 to install and a "
                "small yearly running cost.\n"
                "- **Sensor per bay**: DKK 1,000–2,500 a space plus new batteries after 5–8 years.\n"
                "- **Staff time**: a project lead 1–2 days a week for six months, plus legal and "
                "procurement.\n"
                "- **Time**: 6–12 months from decision to a pilot in operation."
            ),
            "pitfalls": (
                "- **Locked-in data**: without an open API requirement the supplier effectively "
                "owns your data.\n"
                "- **Too many sensors too early**: start small, and measure whether the signs work.\n"
                "- **Forgotten private car parks**: drivers do not tell them apart, so involve the "
                "owners from the start.\n"
                "- **Personal data**: cameras must not keep number plates longer than needed — do "
                "a data protection impact assessment."
            ),
        },
    },
    {
        "slug": "kom-i-gang-med-smart-mobilitet",
        "theme": "smart-mobilitet",
        "audience": "small",
        "data_areas": ["kollektiv-trafik", "cykeltaellinger", "luftkvalitet"],
        "projects": ["Cykeltællere på supercykelstier", "Delebiler i landsbyerne"],
        "da": {
            "title": "Kom i gang med smart mobilitet",
            "summary": (
                "Mål først, hvordan folk faktisk rejser, og sæt derefter ind med små, synlige "
                "tiltag: cykeltællere, delebiler og samkørsel, der binder landsbyer og stationer "
                "sammen."
            ),
            "body": (
                "## Hvad smart mobilitet er i en mindre kommune\n\n"
                "Det handler sjældent om selvkørende busser. Det handler om at gøre det nemt at "
                "lade bilen stå en gang imellem: en delebil i landsbyen, en sikker cykelparkering "
                "ved stationen, en samkørselsordning til den nærmeste by, og data der viser om det "
                "virker.\n\n"
                "## Start med data\n\n"
                "Tællinger af cyklister og biler på få udvalgte steder giver et billede, som både "
                "politikere og borgere kan forholde sig til. Automatiske cykeltællere er billige "
                "og kan offentliggøres som åbne data med det samme."
            ),
            "steps": [
                "Sæt 3–5 automatiske tællere op på de vigtigste cykel- og pendlerruter.",
                "Tal med trafikselskabet om deres data om påstigninger og flextrafik.",
                "Vælg én rute eller landsby, hvor et nyt tilbud kan gøre en forskel.",
                "Afprøv en delebil, samkørsel eller en mobilitetshub i 6–12 måneder.",
                "Fortæl borgerne om tilbuddet der, hvor de er: skole, hal og lokalforening.",
                "Mål brug og tællinger før og efter, og offentliggør tallene som åbne data.",
                "Beslut ud fra tallene, om tilbuddet skal gøres permanent eller flyttes.",
            ],
            "effort": (
                "- **Automatisk cykeltæller**: 25.000–60.000 kr. pr. stk. inkl. opsætning.\n"
                "- **Delebil i en landsby**: ofte et tilskud på 30.000–80.000 kr. om året, til "
                "den bruges nok.\n"
                "- **Tid**: 3 måneder til tællere, 6–12 måneder til et nyt tilbud."
            ),
            "pitfalls": (
                "- **Tilbud uden lokal ejer**: find en forening eller ildsjæl, der vil bære det.\n"
                "- **For kort pilot**: vaner ændrer sig langsomt; giv det mindst et halvt år.\n"
                "- **Ingen baseline**: uden tal fra før kan ingen se, om det virkede."
            ),
        },
        "en": {
            "title": "Getting started with smart mobility",
            "summary": (
                "First measure how people actually travel, then act with small, visible steps: "
                "bicycle counters, shared cars and ride sharing that link villages and stations."
            ),
            "body": (
                "## What smart mobility is in a smaller municipality\n\n"
                "It is rarely about self-driving buses. It is about making it easy to leave the "
                "car at home now and then: a shared car in the village, safe bicycle parking at "
                "the station, ride sharing to the nearest town, and data that show whether it "
                "works.\n\n"
                "## Start with data\n\n"
                "Counting cyclists and cars at a few chosen places gives a picture both "
                "politicians and citizens can relate to. Automatic bicycle counters are cheap and "
                "can be published as open data at once."
            ),
            "steps": [
                "Put up 3–5 automatic counters on the main cycling and commuter routes.",
                "Talk to the public transport company about their boarding and on-demand data.",
                "Choose one route or village where a new service can make a difference.",
                "Try a shared car, ride sharing or a mobility hub for 6–12 months.",
                "Tell people about the service where they are: school, sports hall, local clubs.",
                "Measure use and counts before and after, and publish the figures as open data.",
                "Decide from the figures whether to make the service permanent or move it.",
            ],
            "effort": (
                "- **Automatic bicycle counter**: DKK 25,000–60,000 each, installed.\n"
                "- **Shared car in a village**: often a grant of DKK 30,000–80,000 a year until "
                "it is used enough.\n"
                "- **Time**: 3 months for counters, 6–12 months for a new service."
            ),
            "pitfalls": (
                "- **A service nobody locally owns**: find a club or an enthusiast to carry it.\n"
                "- **Too short a pilot**: habits change slowly; give it at least six months.\n"
                "- **No baseline**: without figures from before, nobody can see whether it worked."
            ),
        },
    },
    {
        "slug": "kom-i-gang-med-trafik-i-kryds-og-rundkoersler",
        "theme": "trafik-rundkoersler-kryds",
        "audience": "large",
        "data_areas": ["trafiktaellinger", "vejarbejde", "stoej"],
        "projects": ["Intelligent signalstyring i Ringgadens kryds", "Grøn bølge for cyklister"],
        "da": {
            "title": "Kom i gang med trafik i kryds og rundkørsler",
            "summary": (
                "Få mere ud af de signalanlæg og kryds, I allerede har: mål kø og ventetid, "
                "prioritér busser, cykler og udrykning, og ret fejl hurtigt med data fra anlæggene."
            ),
            "body": (
                "## Det, der giver mest\n\n"
                "Mange signalanlæg kører stadig med tidsplaner fra da de blev bygget. Et eftersyn "
                "af programmerne og detektorerne giver ofte mere end ny teknik. Derefter kan "
                "adaptiv styring, grøn bølge for cyklister og prioritering af busser og "
                "udrykningskøretøjer lægges oven på.\n\n"
                "## Rundkørsler\n\n"
                "I rundkørsler er data om kø og hastighed nøglen: radar eller kameraer, der kun "
                "tæller og måler, viser hvornår og hvor køen opstår, uden at gemme billeder."
            ),
            "steps": [
                "Lav en liste over kommunens signalanlæg med alder, styring og detektorer.",
                "Mål kø og ventetid i de 5 mest belastede kryds og rundkørsler.",
                "Efterse signalprogrammer og detektorer; ret de fejl, I finder.",
                "Vælg ét kryds eller én strækning til adaptiv styring eller grøn bølge.",
                "Aftal prioritering med trafikselskab og beredskab, og test den.",
                "Mål igen efter 3 måneder: ventetid, rejsetid for busser og uheld.",
                "Offentliggør signalplaner og tællinger som åbne data.",
            ],
            "effort": (
                "- **Eftersyn af et signalanlæg**: 10.000–40.000 kr.\n"
                "- **Adaptiv styring af et kryds**: 150.000–500.000 kr. afhængigt af detektorer.\n"
                "- **Tid**: et eftersyn tager uger, en adaptiv strækning 6–18 måneder."
            ),
            "pitfalls": (
                "- **Ny teknik på gamle fejl**: ret detektorer og programmer først.\n"
                "- **Prioritering uden aftale**: busser og udrykning kræver fælles drift.\n"
                "- **Kameraer der gemmer billeder**: brug sensorer, der kun tæller, når det er nok."
            ),
        },
        "en": {
            "title": "Getting started with traffic in junctions and roundabouts",
            "summary": (
                "Get more out of the signals and junctions you already have: measure queues and "
                "waiting time, give priority to buses, bicycles and emergency vehicles, and fix "
                "faults quickly with data from the equipment."
            ),
            "body": (
                "## What gives most\n\n"
                "Many traffic signals still run the timings they were built with. A review of the "
                "programmes and detectors often gives more than new technology. Adaptive control, "
                "a green wave for cyclists and priority for buses and emergency vehicles can then "
                "be added on top.\n\n"
                "## Roundabouts\n\n"
                "In roundabouts, data on queues and speed are the key: radar or cameras that only "
                "count and measure show when and where queues form, without keeping images."
            ),
            "steps": [
                "List the municipality's traffic signals with age, control and detectors.",
                "Measure queues and waiting time at the 5 busiest junctions and roundabouts.",
                "Review signal programmes and detectors; fix the faults you find.",
                "Choose one junction or corridor for adaptive control or a green wave.",
                "Agree priority with the public transport company and the emergency services, "
                "and test it.",
                "Measure again after 3 months: waiting time, bus travel time and accidents.",
                "Publish signal plans and counts as open data.",
            ],
            "effort": (
                "- **Review of one signal**: DKK 10,000–40,000.\n"
                "- **Adaptive control of one junction**: DKK 150,000–500,000 depending on "
                "detectors.\n"
                "- **Time**: a review takes weeks, an adaptive corridor 6–18 months."
            ),
            "pitfalls": (
                "- **New technology on old faults**: fix detectors and programmes first.\n"
                "- **Priority without an agreement**: buses and emergency vehicles need shared "
                "operation.\n"
                "- **Cameras that keep images**: use sensors that only count when that is enough."
            ),
        },
    },
    {
        "slug": "kom-i-gang-med-intelligent-gadebelysning",
        "theme": "gadebelysning",
        "audience": "any",
        "data_areas": ["gadebelysning", "energi-i-bygninger"],
        "projects": ["LED-gadelys der dæmpes om natten", "Bevægelsesstyret stibelysning"],
        "da": {
            "title": "Kom i gang med intelligent gadebelysning",
            "summary": (
                "Skift til LED, dæmp om natten og styr lyset centralt: det sparer typisk over "
                "halvdelen af strømmen, og lysmasterne kan senere bære sensorer."
            ),
            "body": (
                "## Hvorfor gadelyset er et godt sted at starte\n\n"
                "Gadebelysning er ofte en af kommunens største enkeltposter på elregningen. "
                "Udskiftning til LED med central styring tjener sig typisk hjem på 6–10 år, og "
                "gevinsten kan måles præcist.\n\n"
                "## Styring\n\n"
                "Et centralt styresystem kan dæmpe lyset efter tid, trafik eller bevægelse, melde "
                "fejl automatisk og give data om forbrug pr. lampe. Vælg et system med en åben "
                "standard, så I ikke er bundet til én leverandør af armaturer."
            ),
            "steps": [
                "Opgør lyspunkter: antal, alder, armaturtype, ejer og forbrug.",
                "Vælg et område til pilot, fx en boligvej og en sti.",
                "Fastlæg lysniveauer og dæmpningsprofiler sammen med politi og borgere.",
                "Udbyd LED-armaturer og styring med krav om åben standard og åbne data.",
                "Mål forbrug og fejl før og efter piloten, og spørg borgerne om trygheden.",
                "Rul ud område for område, de ældste og mest strømforbrugende anlæg først.",
            ],
            "effort": (
                "- **LED-armatur med styring**: 3.000–8.000 kr. pr. lyspunkt monteret.\n"
                "- **Besparelse**: typisk 50–70 % af elforbruget, mere med dæmpning om natten.\n"
                "- **Tid**: pilot på 6 måneder, fuld udrulning over 2–5 år."
            ),
            "pitfalls": (
                "- **For mørkt**: dæmp trinvis og lyt til borgerne om tryghed.\n"
                "- **Lukket styresystem**: kræv en åben standard, ellers bliver næste udbud dyrt.\n"
                "- **Delt ejerskab**: afklar med forsyningen, hvem der ejer master og kabler."
            ),
        },
        "en": {
            "title": "Getting started with smart street lighting",
            "summary": (
                "Switch to LED, dim at night and control the lights centrally: it typically saves "
                "more than half the electricity, and the poles can later carry sensors."
            ),
            "body": (
                "## Why street lighting is a good place to start\n\n"
                "Street lighting is often one of the largest single items on a municipality's "
                "electricity bill. Replacing it with centrally controlled LED typically pays back "
                "in 6–10 years, and the gain can be measured exactly.\n\n"
                "## Control\n\n"
                "A central control system can dim the light by time, traffic or movement, report "
                "faults automatically and give consumption data per lamp. Choose a system with an "
                "open standard, so that you are not tied to one supplier of luminaires."
            ),
            "steps": [
                "Count the light points: number, age, luminaire type, owner and consumption.",
                "Choose an area for a pilot, for example a residential road and a path.",
                "Set light levels and dimming profiles with the police and residents.",
                "Tender LED luminaires and control with an open standard and open data required.",
                "Measure consumption and faults before and after the pilot, and ask residents how "
                "safe they feel.",
                "Roll out area by area, the oldest and most power-hungry installations first.",
            ],
            "effort": (
                "- **LED luminaire with control**: DKK 3,000–8,000 per light point, installed.\n"
                "- **Savings**: typically 50–70 % of the electricity, more with night dimming.\n"
                "- **Time**: a 6-month pilot, full roll-out over 2–5 years."
            ),
            "pitfalls": (
                "- **Too dark**: dim step by step and listen to residents about safety.\n"
                "- **A closed control system**: require an open standard, or the next tender gets "
                "expensive.\n"
                "- **Shared ownership**: agree with the utility who owns poles and cables."
            ),
        },
    },
]

# Measured results on demo projects (by title), and which are featured as success stories.
RESULTS = {
    "LED-gadelys der dæmpes om natten": [
        {"metric": "Elforbrug til gadelys", "baseline": 2400, "result": 950, "unit": "MWh om året",
         "period": "2021 → 2023", "source": "Kommunens driftsafdeling, elmålere"},
        {"metric": "Fejlmeldinger fra borgere", "baseline": 310, "result": 120, "unit": "om året",
         "period": "2021 → 2023", "source": "Kommunens fejlmeldingssystem"},
    ],
    "Sensorer viser ledige P-pladser i Midtbyen": [
        {"metric": "Søgetrafik i Midtbyen", "baseline": 30, "result": 21, "unit": "% af trafikken",
         "period": "Efterår 2022 → efterår 2023", "source": "Trafiktællinger, Teknik og Miljø"},
    ],
}  # fmt: skip
FEATURED = ["LED-gadelys der dæmpes om natten"]
