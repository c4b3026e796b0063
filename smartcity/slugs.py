from django.utils.text import slugify

_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def danish_slugify(text: str, *, max_length: int = 150, fallback: str = "side") -> str:
    """A URL slug that spells æ, ø and å out (ae, oe, aa) instead of dropping them."""
    return slugify(text.translate(_DANISH_LETTERS))[:max_length].strip("-") or fallback
