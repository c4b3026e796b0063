"""Plain-text clean-up shared by the content apps: one-line titles and XML-safe feed text."""

import re

# Characters XML 1.0 does not allow anywhere in a document (a feed with one of them is not
# well-formed, and Django's feed writer refuses it): C0 controls other than tab, line feed and
# carriage return, lone surrogates, and U+FFFE/U+FFFF.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def one_line(text: str) -> str:
    """Titles and names are one line: every run of whitespace (line breaks included) becomes
    one space, and control characters go."""
    return " ".join(_XML_FORBIDDEN.sub("", text).split())


def xml_safe(text: str) -> str:
    """The text without the characters XML forbids."""
    return _XML_FORBIDDEN.sub("", text)
