"""Reads of projects. One filter function serves the pages, the map API and the open-data API."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .models import Project


@dataclass(frozen=True)
class BBox:
    min_lng: float
    min_lat: float
    max_lng: float
    max_lat: float

    @classmethod
    def parse(cls, value: str) -> "BBox":
        """Parse "minLng,minLat,maxLng,maxLat"; raise ValueError with a reason if malformed."""
        parts = value.split(",")
        if len(parts) != 4:
            raise ValueError("bbox must be four numbers: minLng,minLat,maxLng,maxLat")
        try:
            min_lng, min_lat, max_lng, max_lat = (float(p) for p in parts)
        except ValueError:
            raise ValueError("bbox must be four numbers: minLng,minLat,maxLng,maxLat") from None
        if not (-180 <= min_lng <= 180 and -180 <= max_lng <= 180):
            raise ValueError("bbox longitudes must lie between -180 and 180")
        if not (-90 <= min_lat <= 90 and -90 <= max_lat <= 90):
            raise ValueError("bbox latitudes must lie between -90 and 90")
        if min_lng > max_lng or min_lat > max_lat:
            raise ValueError("bbox minimum must not exceed maximum")
        return cls(min_lng, min_lat, max_lng, max_lat)


@dataclass(frozen=True)
class ProjectFilters:
    theme: str = ""  # theme slug
    municipality: str = ""  # municipality slug
    status: str = ""  # Project.Status value
    q: str = ""
    min_adoptions: int = 0
    bbox: BBox | None = None


def published_projects() -> QuerySet[Project]:
    return Project.objects.filter(state=Project.State.PUBLISHED)


def filter_projects(queryset: QuerySet[Project], filters: ProjectFilters) -> QuerySet[Project]:
    if filters.theme:
        queryset = queryset.filter(theme__slug=filters.theme)
    if filters.municipality:
        queryset = queryset.filter(municipality__slug=filters.municipality)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.min_adoptions:
        queryset = queryset.filter(adoption_count__gte=filters.min_adoptions)
    if filters.q:
        for word in filters.q.split()[:8]:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(summary__icontains=word)
                | Q(organisation__icontains=word)
            )
    if filters.bbox:
        box = filters.bbox
        queryset = queryset.filter(
            lat__gte=box.min_lat, lat__lte=box.max_lat, lng__gte=box.min_lng, lng__lte=box.max_lng
        )
    return queryset
