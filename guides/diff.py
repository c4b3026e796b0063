"""A readable word-level difference between two versions of a guide, section by section."""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.translation import gettext_lazy as _

from .models import GuideVersion

_TOKEN_RE = re.compile(r"\s+|\w+|[^\w\s]")

SECTIONS = [
    ("title", _("Title")),
    ("summary", _("Summary")),
    ("body", _("Guide text")),
    ("steps", _("Steps")),
    ("effort", _("What it costs and takes")),
    ("pitfalls", _("Pitfalls")),
]


@dataclass(frozen=True)
class Piece:
    op: str  # "same", "added", "removed"
    text: str


@dataclass(frozen=True)
class SectionDiff:
    label: str
    pieces: list[Piece]

    @property
    def changed(self) -> bool:
        return any(piece.op != "same" for piece in self.pieces)


def word_diff(old: str, new: str) -> list[Piece]:
    """Pieces of text that stayed, were removed or were added, compared word by word
    (whitespace is kept, so line breaks survive)."""
    a, b = _TOKEN_RE.findall(old or ""), _TOKEN_RE.findall(new or "")
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(Piece("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("removed", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("added", "".join(b[j1:j2])))
    return pieces


def _text(version: GuideVersion, name: str) -> str:
    if name == "steps":
        return "\n".join(f"{n}. {step}" for n, step in enumerate(version.steps, start=1))
    return getattr(version, name) or ""


def version_diff(old: GuideVersion, new: GuideVersion) -> list[SectionDiff]:
    return [
        SectionDiff(str(label), word_diff(_text(old, name), _text(new, name)))
        for name, label in SECTIONS
    ]
