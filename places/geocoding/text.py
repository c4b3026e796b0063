"""Normalising place names so that "Århus", "Aarhus" and "ARHUS" can be compared."""

import re
import unicodedata

from smartcity.slugs import spell_out_letters

_NOT_WORD = re.compile(r"[^a-z0-9]+")
_MUNICIPALITY_WORDS = re.compile(r"\b(kommunes?|kommunen|municipality|municipal)\b")


def normalise(text: str) -> str:
    """Lower case ASCII words separated by single spaces: "Århus C." -> "aarhus c"."""
    text = spell_out_letters(unicodedata.normalize("NFC", text).casefold())
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", text).strip()


def strip_municipality_word(normalised: str) -> tuple[str, bool]:
    """("aarhus kommune") -> ("aarhus", True): the query named a municipality explicitly."""
    stripped, count = _MUNICIPALITY_WORDS.subn(" ", normalised)
    return " ".join(stripped.split()), bool(count)
