import secrets

from django.db.models import QuerySet
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


def unique_slug(base: str, queryset: QuerySet, *, field: str = "slug") -> str:
    """`base`, else `base-2`, `base-3` …: the first that no row of `queryset` has (one query).

    A race with another writer is still possible: the unique index has the last word, and the
    caller retries with a random suffix."""
    taken = set(
        queryset.filter(**{f"{field}__startswith": base}).values_list(field, flat=True)[:1000]
    )
    if base not in taken:
        return base
    for number in range(2, 1000):
        if f"{base}-{number}" not in taken:
            return f"{base}-{number}"
    return f"{base}-{secrets.token_hex(4)}"
