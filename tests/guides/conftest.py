import pytest

from guides import services


def guide_data(**overrides) -> dict:
    """Valid data for a guide version (Danish), as the form sends it."""
    data = {
        "language": "da",
        "title": "Kom i gang med gadelys",
        "summary": "Sådan skifter kommunen til LED og styrer lyset centralt, trin for trin.",
        "body": (
            "## Hvorfor\n\nGadelys er en stor post på elregningen, og LED med styring sparer "
            "typisk over halvdelen.\n\n## Styring\n\nVælg et system med en åben standard."
        ),
        "steps": "Opgør lyspunkterne\nVælg et pilotområde\nMål forbruget før og efter",
        "effort": "3.000–8.000 kr. pr. lyspunkt.",
        "pitfalls": "For mørkt: dæmp trinvis.",
        "themes": ["gadebelysning"],
        "audience": "any",
        "data_areas": "gadebelysning, energi-i-bygninger",
        "links": "",
        "change_note": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def published_guide(staff_user, moderator):
    """A guide written by Aarhus staff and published by a moderator (version 1, Danish)."""
    version = services.guide_submit(author=staff_user, data=guide_data())
    services.version_publish(version=version, by=moderator)
    version.guide.refresh_from_db()
    return version.guide
