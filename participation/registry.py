"""What can be followed. Each content app registers its followable models in its AppConfig.ready:

    registry.register(Project, name="project", queryset=..., visible=lambda user, obj: ...)

`name` appears in the follow form ("project:12"); `queryset` loads targets for the
notifications page and the digests (select_related what `visible`, `str()` and
`get_absolute_url()` need, so they cost no query); `visible(user, obj)` says whether the user
may see (and so follow) it."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models


@dataclass(frozen=True)
class Followable:
    name: str
    model: type[models.Model]
    queryset: Callable[[], models.QuerySet]
    visible: Callable[..., bool]


_by_name: dict[str, Followable] = {}
_by_model: dict[type, Followable] = {}


def register(model, *, name: str, visible: Callable[..., bool], queryset=None) -> None:
    entry = Followable(name, model, queryset or model._default_manager.all, visible)
    _by_name[name] = entry
    _by_model[model] = entry


def by_name(name: str) -> Followable | None:
    return _by_name.get(name)


def of(obj_or_model) -> Followable | None:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    return _by_model.get(model._meta.concrete_model)


def content_type_id(model) -> int:
    """The content type id of a model (cached by Django after the first look-up)."""
    return ContentType.objects.get_for_model(model, for_concrete_model=True).pk


def load_targets(pairs) -> dict[tuple[int, int], models.Model]:
    """{(content_type_id, object_id): object} for the given pairs: one query per content type."""
    wanted: dict[int, set[int]] = {}
    for ct_id, object_id in pairs:
        wanted.setdefault(ct_id, set()).add(object_id)
    found = {}
    for ct_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        entry = of(model) if model is not None else None
        if entry is None:
            continue
        for obj in entry.queryset().filter(pk__in=ids):
            found[(ct_id, obj.pk)] = obj
    return found
