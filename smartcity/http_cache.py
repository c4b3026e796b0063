"""Validators and conditional requests for every public answer: JSON, GeoJSON, CSV and the
calendar and Atom feeds, of every app. (Open-data API views reach it through
`smartcity.open_data_api.OpenDataView.conditional`.)

Every public answer that can be cached carries an ETag and, when its data has timestamps, a
Last-Modified header, and answers 304 Not Modified to a matching If-None-Match or
If-Modified-Since. The validator must be cheap: compute it from one aggregate query over the
rows the answer is built from (`validator_for_queryset`), or from numbers the view has computed
anyway (`Validator.of`), before the expensive part of the work. Used like this:

    validator = validator_for_queryset(request, queryset)
    if (answer := not_modified(request, validator)) is not None:
        return answer
    response = build_the_answer()
    return with_validator(response, validator)

or, for a plain Django view (the forum's Atom feeds), with the decorator:

    feed = conditional(lambda request, slug=None: validator_for_queryset(request, threads))(
        ThreadsFeed()
    )
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps

from django.db.models import Aggregate, Count, Max, QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

# Bump when the shape of the answers changes, so that clients do not keep old representations.
REPRESENTATION_VERSION = "1"


@dataclass(frozen=True)
class Validator:
    etag: str  # quoted, weak: W/"..."
    last_modified: datetime | None

    @classmethod
    def of(cls, request: HttpRequest, *parts: object, last_modified: datetime | None = None):
        """A validator for this request's URL and language and the given parts of state.

        The URL (path and query string) and the language are part of the tag, because the
        same data gives different answers for different filters, formats or languages."""
        digest = hashlib.sha256()
        key = [
            REPRESENTATION_VERSION,
            request.get_full_path(),
            translation.get_language() or "",
            *(str(part) for part in parts),
            last_modified.isoformat() if last_modified else "",
        ]
        digest.update("\x1f".join(key).encode())
        return cls(etag=f'W/"{digest.hexdigest()[:32]}"', last_modified=last_modified)

    @property
    def last_modified_timestamp(self) -> int | None:
        if self.last_modified is None:
            return None
        return int(self.last_modified.timestamp())


def validator_for_queryset(
    request: HttpRequest,
    queryset: QuerySet,
    *parts: object,
    timestamp_field: str = "updated_at",
    **aggregates: Aggregate,
) -> Validator:
    """One aggregate query: the newest timestamp and the number of rows of `queryset`, plus
    any `aggregates` over values that change without touching the timestamp (a counter kept
    with UPDATE ... SET n = n + 1, say).

    The count catches rows that leave the set (deleted, hidden) without touching the
    timestamps of those that stay."""
    state = queryset.order_by().aggregate(
        last=Max(timestamp_field), count=Count("pk"), **aggregates
    )
    extra = [state[name] for name in sorted(aggregates)]
    return Validator.of(request, state["count"], *extra, *parts, last_modified=state["last"])


def validator_for_content(request: HttpRequest, content: bytes) -> Validator:
    """For small answers built from rows without timestamps: the content is the validator."""
    return Validator.of(request, hashlib.sha256(content).hexdigest())


def not_modified(request: HttpRequest, validator: Validator) -> HttpResponseBase | None:
    """The 304 (or 412) answer when the client's copy is current, else None."""
    answer = get_conditional_response(
        request, etag=validator.etag, last_modified=validator.last_modified_timestamp
    )
    if answer is None:
        return None
    return with_validator(answer, validator)


def with_validator(response: HttpResponseBase, validator: Validator, *, max_age: int = 0):
    """Put the validator and the caching policy on an answer.

    `max-age=0, must-revalidate` lets browsers and proxies keep the answer but ask again each
    time; the conditional request makes asking again cheap."""
    response.headers["ETag"] = validator.etag
    if validator.last_modified is not None:
        response.headers["Last-Modified"] = http_date(validator.last_modified.timestamp())
    patch_cache_control(response, public=True, max_age=max_age, must_revalidate=True)
    patch_vary_headers(response, ["Accept", "Cookie"])
    return response


def conditional(validator_of: Callable[..., Validator]):
    """Decorate a view that answers GET: `validator_of(request, *args, **kwargs)` gives the
    validator before the view runs; a current client copy gets 304 without running it."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            validator = validator_of(request, *args, **kwargs)
            if (answer := not_modified(request, validator)) is not None:
                return answer
            response = view(request, *args, **kwargs)
            if not 200 <= response.status_code < 300:
                return response
            return with_validator(response, validator)

        return wrapper

    return decorator
