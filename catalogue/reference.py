# ruff: noqa: E501  (a table of texts reads best one entry a line)
"""The data areas every installation starts with, and the Open Data DK harvest source (loaded
by a data migration; moderators edit both in admin afterwards)."""

from django.conf import settings

# slug, Danish name, English name, classification words (Danish and English),
# Danish guideline, English guideline, Danish example, English example
DATA_AREAS = [
    ("parkering", "Parkering", "Parking",
     "parkering,p-plads,p-pladser,p-hus,parkeringsplads,parking,handicapparkering",
     "Parkeringspladser og p-huse med placering, antal pladser, regler og gerne ledig "
     "kapacitet i realtid. GeoJSON eller CSV, opdateret dagligt (realtid for belægning), CC BY 4.0.",
     "Parking areas and car parks with location, number of spaces, rules and, ideally, free "
     "capacity in real time. GeoJSON or CSV, updated daily (real time for occupancy), CC BY 4.0.",
     "P-huse i Aarhus med ledige pladser hvert 5. minut", "Car parks in Aarhus with free spaces every 5 minutes"),
    ("trafiktaellinger", "Trafiktællinger", "Traffic counts",
     "trafiktælling,trafiktællinger,trafikmængde,trafiktal,trafikdata,traffic count",
     "Tællestationer med placering og antal køretøjer pr. time, fordelt på retning og "
     "køretøjstype. CSV, opdateret mindst månedligt, CC BY 4.0.",
     "Counting stations with location and vehicles per hour by direction and vehicle type. "
     "CSV, updated at least monthly, CC BY 4.0.",
     "Timetællinger fra kommunens faste tællestationer", "Hourly counts from the municipality's fixed stations"),
    ("cykeltaellinger", "Cykeltællinger", "Bicycle counts",
     "cykeltælling,cykeltællinger,cyklister,cykel,cykelsti,bicycle,cycling",
     "Cykeltællere med placering og antal cyklister pr. time. CSV eller JSON, dagligt, CC BY 4.0.",
     "Bicycle counters with location and cyclists per hour. CSV or JSON, daily, CC BY 4.0.",
     "Cykelbarometre på de store indfaldsveje", "Bicycle barometers on the main routes"),
    ("kollektiv-trafik", "Kollektiv trafik", "Public transport",
     "kollektiv trafik,busstoppested,stoppesteder,bus,gtfs,letbane,public transport",
     "Stoppesteder, ruter og køreplaner, helst som GTFS. Opdateret ved hver køreplansændring, CC BY 4.0.",
     "Stops, routes and timetables, preferably as GTFS. Updated with every timetable change, CC BY 4.0.",
     "Stoppesteder og ruter for bybusserne", "Stops and routes of the city buses"),
    ("gadebelysning", "Gadebelysning", "Street lighting",
     "gadebelysning,gadelys,belysning,lysmaster,vejbelysning,street light,lighting",
     "Lysmaster med placering, armatur, effekt og tændingstider. GeoJSON, årligt, CC BY 4.0.",
     "Light poles with location, luminaire, power and switching times. GeoJSON, yearly, CC BY 4.0.",
     "Gadelys med LED-status", "Street lights with LED status"),
    ("ladestandere", "Ladestandere", "Charging stations",
     "ladestander,ladestandere,elbil,opladning,ladepunkt,charging,ev charging",
     "Ladestandere med placering, effekt, stiktype, operatør og gerne status i realtid. "
     "GeoJSON, ugentligt, CC BY 4.0.",
     "Charging points with location, power, plug type, operator and ideally live status. "
     "GeoJSON, weekly, CC BY 4.0.",
     "Offentlige ladestandere på kommunale p-pladser", "Public chargers in municipal car parks"),
    ("luftkvalitet", "Luftkvalitet", "Air quality",
     "luftkvalitet,luftforurening,no2,partikler,pm2.5,pm10,air quality,miljømåling",
     "Målestationer med placering og målinger (NO2, PM2,5, PM10) pr. time med enheder. "
     "CSV eller JSON, dagligt, CC BY 4.0.",
     "Monitoring stations with location and hourly readings (NO2, PM2.5, PM10) with units. "
     "CSV or JSON, daily, CC BY 4.0.",
     "Sensorer for luftkvalitet i midtbyen", "Air quality sensors in the city centre"),
    ("stoej", "Støj", "Noise",
     "støj,støjkort,støjmåling,trafikstøj,noise",
     "Støjkort og målinger i dB med placering og tidspunkt. GeoJSON, ved hver kortlægning, CC BY 4.0.",
     "Noise maps and readings in dB with location and time. GeoJSON, with each mapping, CC BY 4.0.",
     "Strategisk støjkortlægning af vejtrafik", "Strategic noise mapping of road traffic"),
    ("affald", "Affald og genbrug", "Waste and recycling",
     "affald,genbrug,genbrugsstation,affaldsspande,tømning,containere,waste,recycling",
     "Genbrugsstationer, containere og affaldsspande med placering, fraktioner og tømningsdage. "
     "GeoJSON eller CSV, månedligt, CC BY 4.0.",
     "Recycling centres, containers and bins with location, fractions and collection days. "
     "GeoJSON or CSV, monthly, CC BY 4.0.",
     "Glascontainere og deres fyldningsgrad", "Glass containers and how full they are"),
    ("vand-og-oversvoemmelse", "Vand og oversvømmelse", "Water and flooding",
     "oversvømmelse,skybrud,vandstand,regnvand,kloak,grundvand,flooding,water level",
     "Vandstand, nedbør og risikoområder med placering og tidspunkt. CSV/GeoJSON, realtid til "
     "årligt efter type, CC BY 4.0.",
     "Water levels, rainfall and risk areas with location and time. CSV/GeoJSON, real time to "
     "yearly depending on type, CC BY 4.0.",
     "Vandstandsmålere i havnen", "Water level gauges in the harbour"),
    ("energi-i-bygninger", "Energiforbrug i kommunale bygninger", "Energy use of municipal buildings",
     "energiforbrug,elforbrug,varmeforbrug,energimærke,energidata,energy use,electricity",
     "Forbrug af el, varme og vand pr. bygning og måned med enheder og bygningens areal. CSV, "
     "månedligt, CC BY 4.0.",
     "Electricity, heat and water use per building and month with units and floor area. CSV, "
     "monthly, CC BY 4.0.",
     "Elforbrug i skoler og rådhus", "Electricity use in schools and the town hall"),
    ("traeer-og-groenne-omraader", "Træer og grønne områder", "Trees and green areas",
     "træer,træregister,grønne områder,byparker,parkområder,naturområder,trees,parks,green areas",
     "Træer og grønne områder med placering, art, plantningsår og pleje. GeoJSON, årligt, CC BY 4.0.",
     "Trees and green areas with location, species, year planted and care. GeoJSON, yearly, CC BY 4.0.",
     "Kommunens træregister", "The municipal tree register"),
    ("legepladser", "Legepladser", "Playgrounds",
     "legeplads,legepladser,playground",
     "Legepladser med placering, aldersgruppe, udstyr og tilgængelighed. GeoJSON, årligt, CC BY 4.0.",
     "Playgrounds with location, age group, equipment and accessibility. GeoJSON, yearly, CC BY 4.0.",
     "Offentlige legepladser", "Public playgrounds"),
    ("offentlige-toiletter", "Offentlige toiletter", "Public toilets",
     "toilet,toiletter,offentlige toiletter,public toilet",
     "Toiletter med placering, åbningstider, handicapadgang og pusleplads. GeoJSON, kvartalsvis, CC BY 4.0.",
     "Toilets with location, opening hours, step-free access and baby changing. GeoJSON, quarterly, CC BY 4.0.",
     "Offentlige toiletter i byen", "Public toilets in town"),
    ("vejarbejde", "Vejarbejde", "Roadworks",
     "vejarbejde,gravetilladelse,vejspærring,omkørsel,roadworks,road works",
     "Vejarbejder og spærringer med placering, periode og omkørsel. GeoJSON, dagligt, CC BY 4.0.",
     "Roadworks and closures with location, period and diversion. GeoJSON, daily, CC BY 4.0.",
     "Aktuelle gravetilladelser", "Current excavation permits"),
    ("budget-og-regnskab", "Budget og regnskab", "Budget and accounts",
     "budget,regnskab,økonomi,udgifter,indkøb,fakturaer,accounts,spending",
     "Budget og regnskab pr. område og konto efter den autoriserede kontoplan. CSV, årligt, CC BY 4.0.",
     "Budget and accounts by area and account, following the authorised chart of accounts. "
     "CSV, yearly, CC BY 4.0.",
     "Regnskab fordelt på politikområder", "Accounts by policy area"),
    ("befolkning", "Befolkning", "Population",
     "befolkning,indbyggere,befolkningsprognose,demografi,population",
     "Befolkning pr. område, alder og køn samt prognoser. CSV, årligt, CC BY 4.0.",
     "Population by district, age and sex, and forecasts. CSV, yearly, CC BY 4.0.",
     "Befolkningsprognose pr. skoledistrikt", "Population forecast per school district"),
    ("skoler-og-dagtilbud", "Skoler og dagtilbud", "Schools and day care",
     "skole,skoler,skoledistrikt,dagtilbud,daginstitution,børnehave,vuggestue,school,day care",
     "Skoler og dagtilbud med placering, distrikt, kapacitet og kontakt. GeoJSON, årligt, CC BY 4.0.",
     "Schools and day care with location, district, capacity and contact. GeoJSON, yearly, CC BY 4.0.",
     "Skoledistrikter og skoler", "School districts and schools"),
]  # fmt: skip


def load_data_areas(area_model) -> None:
    """Create the standard data areas; leave areas a moderator has edited as they are."""
    for position, row in enumerate(DATA_AREAS):
        slug, name, name_en, words, guideline, guideline_en, example, example_en = row
        area_model.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": name_en,
                "keywords": words,
                "guideline": guideline,
                "guideline_en": guideline_en,
                "example": example,
                "example_en": example_en,
                "position": position,
            },
        )


def load_sources(source_model) -> None:
    source_model.objects.get_or_create(
        url=settings.CATALOGUE_OPEN_DATA_DK_URL, defaults={"name": "Open Data DK"}
    )
