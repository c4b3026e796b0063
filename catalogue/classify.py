"""Which data areas a dataset belongs to, and which municipality a CKAN organisation is."""

import re
from collections.abc import Iterable

from places.models import Municipality
from smartcity.slugs import danish_slugify

from .models import DataArea

_CODE = re.compile(r"(?<!\d)(\d{3})(?!\d)")
_AFFIXES = ("-regionskommune", "-kommune", "kommune-")


class Classifier:
    """The areas whose words occur in a dataset's title, keywords or groups, Danish words
    included: a word matches at the start of a word in the text, so "parkering" also finds
    "parkeringspladser" while "bus" does not find "omnibus". One compiled pattern per area,
    built once per harvest."""

    def __init__(self, areas: Iterable[DataArea]):
        self.patterns = [
            (area, re.compile(r"(?<![\w.-])(?:" + "|".join(map(re.escape, words)) + ")"))
            for area in areas
            if (words := sorted(area.words(), key=len, reverse=True))
        ]

    def areas(self, *, title: str, keywords, groups) -> list[DataArea]:
        text = " ".join([title, *keywords, *groups]).lower()
        return [area for area, pattern in self.patterns if pattern.search(text)]


def areas_for(areas: Iterable[DataArea], *, title: str, keywords, groups) -> list[DataArea]:
    return Classifier(areas).areas(title=title, keywords=keywords, groups=groups)


class MunicipalityMatcher:
    """Match organisation names and titles to the 98 municipalities by name and code:
    "Aarhus Kommune", "aarhus-kommune", "Københavns Kommune", "Høje-Taastrup Kommune", "751"."""

    def __init__(self, municipalities: Iterable[Municipality] | None = None):
        rows = list(municipalities if municipalities is not None else Municipality.objects.all())
        self.by_slug = {m.slug: m for m in rows}
        self.by_code = {m.code: m for m in rows}

    def match(self, *names: str) -> Municipality | None:
        for name in names:
            slug = danish_slugify(name or "", fallback="")
            if slug.startswith("region"):
                return None  # regions stay organisations
            core = slug
            for affix in _AFFIXES:
                core = (
                    core.removesuffix(affix) if affix.startswith("-") else core.removeprefix(affix)
                )
            # "Københavns Kommune": the genitive s.
            for candidate in (core, core.removesuffix("s")):
                if candidate in self.by_slug:
                    return self.by_slug[candidate]
            if "kommune" in slug and (code := _CODE.search(name or "")):
                if code.group(1) in self.by_code:
                    return self.by_code[code.group(1)]
        return None
