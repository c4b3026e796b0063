"""Reads of projects. One filter function serves the pages, the map API and the open-data API."""

from dataclasses import dataclass

from django.db.models import Exists, ExpressionWrapper, F, FloatField, OuterRef, QuerySet
from django.utils.translation import gettext as _

from catalogue.uses import Use
from smartcity import search

from .models import Adoption, Project, ProjectImage, ProjectResult
from .results import RESULT_FIELDS  # noqa: F401 (the views read it from here)


@dataclass(frozen=True)
class BBox:
    min_lng: float
    min_lat: float
    max_lng: float
    max_lat: float

    @classmethod
    def parse(cls, value: str) -> "BBox":
        """Parse "minLng,minLat,maxLng,maxLat"; raise ValueError with a reason, in the active
        language, if malformed."""
        parts = value.split(",")
        if len(parts) != 4:
            raise ValueError(_("bbox must be four numbers: minLng,minLat,maxLng,maxLat"))
        try:
            min_lng, min_lat, max_lng, max_lat = (float(p) for p in parts)
        except ValueError:
            raise ValueError(_("bbox must be four numbers: minLng,minLat,maxLng,maxLat")) from None
        if not (-180 <= min_lng <= 180 and -180 <= max_lng <= 180):
            raise ValueError(_("bbox longitudes must lie between -180 and 180"))
        if not (-90 <= min_lat <= 90 and -90 <= max_lat <= 90):
            raise ValueError(_("bbox latitudes must lie between -90 and 90"))
        if min_lng > max_lng or min_lat > max_lat:
            raise ValueError(_("bbox minimum must not exceed maximum"))
        return cls(min_lng, min_lat, max_lng, max_lat)


@dataclass(frozen=True)
class ProjectFilters:
    theme: str = ""  # theme slug
    municipality: str = ""  # municipality slug
    status: str = ""  # Project.Status value
    q: str = ""
    min_adoptions: int = 0
    with_results: bool = False  # only projects with measured results
    featured: bool = False  # only success stories
    bbox: BBox | None = None


# What project search reads, and how much each field weighs (the stored vector's trigger in
# migration 0008 has the same parts; this is the SQLite fallback's and the ranking's view).
SEARCH = search.Source(
    fields=(
        ("title", "A"),
        ("summary", "B"),
        ("organisation", "B"),
        ("description", "C"),
        # What a project is about and where it is are found by their names too ("parkering"
        # finds a project whose theme is Parkering).
        ("theme__name", "D"),
        ("theme__name_en", "D"),
        ("municipality__name", "D"),
    ),
    vector="search_vector",
)


def published_projects() -> QuerySet[Project]:
    return Project.objects.filter(state=Project.State.PUBLISHED)


def projects_using_dataset(dataset) -> list[Use]:
    """The published projects whose "open datasets used" link this catalogue dataset (the
    form marks such links with the dataset's slug)."""
    marker = f'"dataset": "{dataset.slug}"'
    projects = published_projects().filter(open_data_links__icontains=marker).order_by("title")
    return [Use(p.title, p.get_absolute_url()) for p in projects.only("title", "slug")[:50]]


def filter_projects(queryset: QuerySet[Project], filters: ProjectFilters) -> QuerySet[Project]:
    if filters.theme:
        queryset = queryset.filter(theme__slug=filters.theme)
    if filters.municipality:
        queryset = queryset.filter(municipality__slug=filters.municipality)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.min_adoptions:
        queryset = queryset.filter(adoption_count__gte=filters.min_adoptions)
    if filters.with_results:
        queryset = queryset.filter(Exists(ProjectResult.objects.filter(project=OuterRef("pk"))))
    if filters.featured:
        queryset = queryset.filter(featured_at__isnull=False)
    if filters.q:
        condition = search.matches(filters.q, SEARCH)
        queryset = queryset.filter(condition) if condition is not None else queryset.none()
    if filters.bbox:
        box = filters.bbox
        queryset = queryset.filter(
            lat__gte=box.min_lat, lat__lte=box.max_lat, lng__gte=box.min_lng, lng__lte=box.max_lng
        )
    return queryset


def projects_for_list(filters: ProjectFilters) -> QuerySet[Project]:
    """Published projects for the list next to the map: one query per page, with what a list
    item shows (theme, municipality). A search lists the best matches first."""
    projects = (
        filter_projects(published_projects(), filters)
        .select_related("theme", "municipality")
        .only(
            "slug",
            "title",
            "summary",
            "status",
            "adoption_count",
            "lat",
            "lng",
            "published_at",
            "theme__slug",
            "theme__name",
            "theme__name_en",
            "theme__color",
            "theme__icon",
            "municipality__slug",
            "municipality__name",
        )  # fmt: skip
    )
    if filters.q:
        projects = projects.annotate(rank=search.rank_expression(filters.q, SEARCH))
        return projects.order_by("-rank", "-adoption_count", "-published_at", "-pk")
    return projects.order_by("-adoption_count", "-published_at", "-pk")


def project_for_page(slug: str) -> Project | None:
    return (
        Project.objects.select_related("theme", "municipality", "author").filter(slug=slug).first()
    )


def project_results(project: Project) -> list[ProjectResult]:
    return list(project.results.all())


def featured_projects(*, limit: int = 3) -> list[Project]:
    """The newest success stories with their results: two queries whatever the number."""
    return list(
        published_projects()
        .filter(featured_at__isnull=False)
        .select_related("theme", "municipality")
        .prefetch_related("results")
        .order_by("-featured_at", "-pk")[:limit]
    )


def project_images(project: Project) -> list[ProjectImage]:
    return list(project.images.all())


def project_adoptions(project: Project) -> list[Adoption]:
    return list(project.adoptions.select_related("municipality"))


def related_projects(project: Project, *, limit: int = 4) -> list[Project]:
    """Published projects of the same theme, nearest first (within about 150 km)."""
    queryset = published_projects().filter(theme_id=project.theme_id).exclude(pk=project.pk)
    if project.lat is None or project.lng is None:
        return list(queryset.select_related("municipality").order_by("-adoption_count")[:limit])
    # Degrees of longitude are ~0.56 of a degree of latitude in Denmark; close enough to rank.
    distance = ExpressionWrapper(
        (F("lat") - project.lat) * (F("lat") - project.lat)
        + (F("lng") - project.lng) * (F("lng") - project.lng) * 0.31,
        output_field=FloatField(),
    )
    return list(
        queryset.filter(
            lat__range=(project.lat - 1.4, project.lat + 1.4),
            lng__range=(project.lng - 2.5, project.lng + 2.5),
        )
        .select_related("municipality")
        .annotate(distance=distance)
        .order_by("distance")[:limit]
    )


def projects_of_author(user) -> QuerySet[Project]:
    return (
        Project.objects.filter(author=user)
        .select_related("theme", "municipality")
        .order_by("-created_at")
    )


def municipality_projects(municipality) -> list[Project]:
    return list(
        published_projects()
        .filter(municipality=municipality)
        .select_related("theme")
        .order_by("-adoption_count", "title")
    )


def municipality_adoptions(municipality) -> list[Adoption]:
    return list(
        Adoption.objects.filter(municipality=municipality, project__state=Project.State.PUBLISHED)
        .select_related("project", "project__municipality")
        .order_by("project__title")
    )
