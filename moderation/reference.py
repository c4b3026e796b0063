"""Default reference data: blocked-term lists and rejection templates (idempotent loaders,
used by the data migration and re-run by the tests)."""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

WORD_LISTS = {"da": "blocked_words_da.txt", "en": "blocked_words_en.txt"}
DOMAIN_LIST = "blocked_domains.txt"

REJECTION_TEMPLATES = [
    (
        "Spam",
        "Dit indlæg er afvist, fordi det ligner spam eller reklame.",
        "Your submission was rejected because it looks like spam or advertising.",
    ),
    (
        "Ikke et Smart City-projekt",
        "Dit indlæg er afvist, fordi det ikke handler om et Smart City-projekt eller en "
        "Smart City-løsning i en dansk kommune.",
        "Your submission was rejected because it is not about a Smart City project or "
        "solution in a Danish municipality.",
    ),
    (
        "Personoplysninger",
        "Dit indlæg er afvist, fordi det indeholder personoplysninger (fx CPR-nummer, "
        "e-mailadresse eller telefonnummer). Fjern dem, og indsend igen.",
        "Your submission was rejected because it contains personal data (such as a CPR "
        "number, e-mail address or phone number). Remove it and submit again.",
    ),
    (
        "Dublet",
        "Dit indlæg er afvist, fordi det samme projekt allerede findes på kortet.",
        "Your submission was rejected because the same project is already on the map.",
    ),
    (
        "Krænkende indhold",
        "Dit indlæg er afvist, fordi det indeholder krænkende eller nedsættende sprog.",
        "Your submission was rejected because it contains offensive or abusive language.",
    ),
]


def read_list(name: str) -> list[str]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [
        " ".join(line.split()).lower()
        for line in lines
        if line.strip() and not line.lstrip().startswith("#")
    ]


def load_reference_data(BlockedTerm, RejectionTemplate) -> None:
    """Create the default terms and templates that are missing; never touch existing rows, so
    a moderator's edits (a term switched off, a reworded template) survive."""
    wanted = [
        (term, language, "word")
        for language, name in WORD_LISTS.items()
        for term in read_list(name)
    ]
    wanted += [(term, "da", "domain") for term in read_list(DOMAIN_LIST)]
    existing = set(BlockedTerm.objects.values_list("term", "language", "kind"))
    BlockedTerm.objects.bulk_create(
        [
            BlockedTerm(term=term, language=language, kind=kind, active=True)
            for term, language, kind in dict.fromkeys(wanted)
            if (term, language, kind) not in existing
        ]
    )
    for position, (title, text_da, text_en) in enumerate(REJECTION_TEMPLATES):
        RejectionTemplate.objects.get_or_create(
            title=title, defaults={"text_da": text_da, "text_en": text_en, "position": position}
        )
