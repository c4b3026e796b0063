"""The forum's categories: the Smart City themes plus open data, best practice, procurement
and introductions. Loaded by a data migration; idempotent (existing rows are left as the
moderators edited them)."""

PUBLIC, STAFF = "public", "staff"

CATEGORIES = [
    # (slug, name, English name, description, English description, visibility)
    ("smart-parkering", "Smart parkering", "Smart parking",
     "Parkeringssensorer, ledig-plads-skilte, apps og betaling.",
     "Parking sensors, guidance signs, apps and payment.", PUBLIC),
    ("mobilitet-og-trafik", "Mobilitet og trafik", "Mobility and traffic",
     "Trafiktælling, signalstyring, rundkørsler, cykler og kollektiv trafik.",
     "Traffic counting, signal control, roundabouts, cycling and public transport.", PUBLIC),
    ("gadebelysning", "Gadebelysning", "Street lighting",
     "LED, styring, dæmpning og drift af gadelys.",
     "LED, control, dimming and operation of street lights.", PUBLIC),
    ("klimatilpasning", "Klimatilpasning", "Climate adaptation",
     "Regnvand, skybrud, vandstand og varsling.",
     "Rainwater, cloudbursts, water levels and warnings.", PUBLIC),
    ("affald-og-ressourcer", "Affald og ressourcer", "Waste and resources",
     "Fyldningssensorer, ruteplanlægning og genbrug.",
     "Fill-level sensors, route planning and recycling.", PUBLIC),
    ("luft-og-miljoe", "Luftkvalitet og miljø", "Air quality and environment",
     "Måling af luft, støj og miljø i byen.",
     "Measuring air, noise and the urban environment.", PUBLIC),
    ("energi-og-bygninger", "Energi og bygninger", "Energy and buildings",
     "Energistyring og data fra kommunale bygninger.",
     "Energy management and data from municipal buildings.", PUBLIC),
    ("sensorer-og-iot", "Sensorer og IoT-netværk", "Sensors and IoT networks",
     "LoRaWAN, NB-IoT, platforme og drift af sensornetværk.",
     "LoRaWAN, NB-IoT, platforms and running sensor networks.", PUBLIC),
    ("aabne-data", "Åbne data", "Open data",
     "Udgivelse af data, formater, licenser og datakvalitet.",
     "Publishing data, formats, licences and data quality.", PUBLIC),
    ("best-practice", "Best practice og retningslinjer", "Best practice and guidelines",
     "Erfaringer, vejledninger og skabeloner, der virker.",
     "Experience, guides and templates that work.", PUBLIC),
    ("indkoeb", "Indkøb", "Procurement",
     "Udbud, kontrakter og leverandørerfaringer — kun for kommunale medarbejdere.",
     "Tenders, contracts and supplier experience — municipal staff only.", STAFF),
    ("praesentationer", "Præsentationer", "Introductions",
     "Præsentér dig selv og dit team for kolleger i andre kommuner.",
     "Introduce yourself and your team to colleagues in other municipalities.", STAFF),
]  # fmt: skip


def load_categories(Category) -> None:
    for position, (slug, name, name_en, description, description_en, visibility) in enumerate(
        CATEGORIES, start=1
    ):
        Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": name_en,
                "description": description,
                "description_en": description_en,
                "visibility": visibility,
                "position": position * 10,
            },
        )
