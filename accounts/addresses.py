"""E-mail addresses in one canonical form, so that an address has exactly one spelling.

Mail servers deliver `trafik@aarhus\u2060.dk` and `trafik@aarhuſ.dk` to `trafik@aarhus.dk`
(IDNA maps invisible characters to nothing and folds look-alikes), so the uniqueness check and
the municipal-domain check must compare canonical forms, and an address typed in any other
form is refused rather than silently rewritten.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Unicode's Default_Ignorable_Code_Point property (DerivedCoreProperties.txt): characters that
# are invisible when rendered. Python's unicodedata does not expose the property.
_IGNORABLE_RANGES = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)


def is_default_ignorable(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _IGNORABLE_RANGES)


def canonical_email(address: str) -> str:
    """NFKC, without default-ignorable code points, the domain through IDNA (and back to its
    Unicode form), in lower case. Raises ValidationError when the domain is not a valid name."""
    text = unicodedata.normalize("NFKC", address.strip())
    text = "".join(char for char in text if not is_default_ignorable(char))
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain:
        raise ValidationError(_("Enter a valid e-mail address."), code="invalid")
    try:
        domain = domain.encode("idna").decode("idna")
    except UnicodeError:
        raise ValidationError(_("Enter a valid e-mail address."), code="invalid") from None
    return f"{local}@{domain}".lower()


def clean_email_address(address: str) -> str:
    """The one check every address goes through (sign-up, adding an address, password reset):
    return its canonical form, or refuse an address that is not already written that way
    (apart from upper/lower case and surrounding spaces)."""
    canonical = canonical_email(address)
    if canonical != address.strip().lower():
        raise ValidationError(
            _(
                "This e-mail address contains invisible or look-alike characters. "
                "Please type it again using ordinary letters: %(address)s"
            ),
            code="not_canonical",
            params={"address": canonical},
        )
    return canonical
