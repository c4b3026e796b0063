"""Display names are what members know each other by, so one name belongs to one member.

Two names are the same name when they differ only in case, accents, spacing or invisible
characters ("Sofie Byudvikler", "sofie  byudvikler", "Sófie Byudvikler"): the comparison key
folds all of those, and the database holds it under a unique constraint.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Letters that do not decompose into a base letter and an accent, folded by hand.
_FOLDED = str.maketrans({"ø": "o", "æ": "ae", "đ": "d", "ł": "l", "ı": "i"})


def display_name_key(name: str) -> str:
    """The form of a display name that is compared: no case, accents or invisible characters,
    single spaces."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    visible = "".join(
        char
        for char in decomposed
        if not unicodedata.combining(char) and unicodedata.category(char) != "Cf"
    )
    return " ".join(visible.casefold().translate(_FOLDED).split())


def check_display_name_free(name: str, *, user=None) -> None:
    """Raise ValidationError when another member already has this name (in any spelling)."""
    from .models import User

    key = display_name_key(name)
    taken = User.objects.filter(display_name_key=key)
    if user is not None and user.pk is not None:
        taken = taken.exclude(pk=user.pk)
    if key and taken.exists():
        raise ValidationError(
            _("Another member already uses this display name. Please choose another one."),
            code="display_name_taken",
        )
