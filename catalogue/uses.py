"""Who uses a dataset: the apps above the catalogue (projects, the forum) register a function
that lists their public items linking a dataset, so the catalogue never imports them."""

from collections.abc import Callable
from dataclasses import dataclass

from .models import Dataset


@dataclass(frozen=True)
class Use:
    title: str
    url: str


@dataclass(frozen=True)
class UseKind:
    key: str
    label: str  # translatable heading, e.g. "Smart City projects using it"
    find: Callable[[Dataset], list[Use]]  # one query


_kinds: dict[str, UseKind] = {}


def register(*, key: str, label, find: Callable[[Dataset], list[Use]]) -> None:
    _kinds[key] = UseKind(key, label, find)


def uses_of(dataset: Dataset) -> list[tuple[UseKind, list[Use]]]:
    return [(kind, kind.find(dataset)) for kind in _kinds.values()]
