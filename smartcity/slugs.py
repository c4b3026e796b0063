from django.utils.text import slugify

# Danish letters spelled out the way Danes write without them (the German ones likewise): the
# one transliteration for slugs and for comparing place names (places.geocoding.text).
_SPELLED_OUT = str.maketrans(
    {
        "æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa",
        "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss",
    }
)  # fmt: skip


def spell_out_letters(text: str) -> str:
    """ "Århus Sønderbro" -> "Aarhus Soenderbro"."""
    return text.translate(_SPELLED_OUT)


def danish_slugify(text: str, *, max_length: int = 150, fallback: str = "side") -> str:
    """A URL slug that spells æ, ø and å out (ae, oe, aa) instead of dropping them."""
    return slugify(spell_out_letters(text))[:max_length].strip("-") or fallback
