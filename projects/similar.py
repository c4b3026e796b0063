"""Similar published projects: what the submission form offers ("perhaps adopt or follow this
one instead") and what the screening's near-duplicate rule compares a new project with.

One function, `similar_projects`, serves both, so the form and the screening never disagree:
published projects that share words with the title and summary (smartcity.search, any word, the
last as a prefix while it is typed), near the point when there is one, ranked by the words
(a shared title word counts most), then the same theme.
"""

import math
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, F, FloatField, Value, When

from smartcity import search

from .models import Project
from .selectors import SEARCH, published_projects

LIMIT = 5
THEME_BONUS = 0.05  # about what one more shared summary word adds


@dataclass(frozen=True)
class Similarity:
    title: str = ""
    summary: str = ""
    lat: float | None = None
    lng: float | None = None
    theme_id: int | None = None
    exclude_pk: int | None = None  # the project itself, when it is being screened


def _near(projects, lat: float, lng: float):
    km = settings.PIPELINE_DUPLICATE_KM
    dlat = km / 111.0
    dlng = km / (111.0 * max(math.cos(math.radians(lat)), 0.1))
    return projects.filter(lat__range=(lat - dlat, lat + dlat), lng__range=(lng - dlng, lng + dlng))


def similar_projects(similarity: Similarity, *, limit: int = LIMIT) -> list[Project]:
    """Up to `limit` published projects like the one described, most similar first."""
    text = f"{similarity.title} {similarity.summary}"
    projects = published_projects()
    if similarity.exclude_pk is not None:
        projects = projects.exclude(pk=similarity.exclude_pk)
    if similarity.lat is not None and similarity.lng is not None:
        projects = _near(projects, similarity.lat, similarity.lng)
    projects = search.search(projects, text, SEARCH, any_word=True)
    if similarity.theme_id is not None:
        projects = projects.annotate(
            similarity=F("rank")
            + Case(
                When(theme_id=similarity.theme_id, then=Value(THEME_BONUS)),
                default=Value(0.0),
                output_field=FloatField(),
            )
        )
    else:
        projects = projects.annotate(similarity=F("rank"))
    return list(
        projects.select_related("theme", "municipality")
        .defer("search_vector", "description", "description_html")
        .order_by("-similarity", "-adoption_count", "-pk")[:limit]
    )
