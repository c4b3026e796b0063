"""The open-data API for events: JSON (DRF), GeoJSON and iCalendar feeds.

Every answer carries an ETag and Last-Modified derived from the events it contains, and honours
conditional requests (304 Not Modified)."""

import hashlib

from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import condition, require_GET
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import renderers, serializers, viewsets
from rest_framework.response import Response

from places.serializers import MunicipalitySummarySerializer
from smartcity.links import absolute_url

from . import ics, selectors
from .models import Event

WHEN = ("upcoming", "past", "all")
GEOJSON_LIMIT = 1000


def _api_events(request, *, base=None):
    """Published events for the API, filtered like the list page; `when` picks the period."""
    filters = selectors.EventFilters.from_query(request.GET)
    events = selectors.filter_events(
        base if base is not None else selectors.published_events(), filters
    )
    when = request.GET.get("when", "upcoming")
    if when == "past":
        return selectors.past(events)
    if when == "all":
        return events.order_by("starts_at", "pk")
    return selectors.upcoming(events)


def _validator(queryset_for):
    """ETag and Last-Modified functions for views whose content is `queryset_for(request)`:
    the ETag covers the query string, the number of events and the latest change."""

    def state(request, **kwargs):
        cache_key = "_events_validator_state"
        if not hasattr(request, cache_key):
            from django.db.models import Count, Max

            stats = (
                queryset_for(request, **kwargs)
                .order_by()
                .aggregate(n=Count("pk"), last=Max("updated_at"))
            )
            setattr(request, cache_key, stats)
        return getattr(request, cache_key)

    def etag(request, **kwargs):
        stats = state(request, **kwargs)
        raw = f"{request.path}?{request.GET.urlencode()}|{stats['n']}|{stats['last']}"
        return hashlib.sha256(raw.encode()).hexdigest()[:32]

    def last_modified(request, **kwargs):
        return state(request, **kwargs)["last"]

    return condition(etag_func=etag, last_modified_func=last_modified)


# --- JSON -----------------------------------------------------------------------------------


class EventSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    themes = serializers.SerializerMethodField()
    municipality = MunicipalitySummarySerializer(allow_null=True)
    online_url = serializers.SerializerMethodField()
    seats_left = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    ics_url = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "slug",
            "title",
            "kind",
            "kind_label",
            "description",
            "description_html",
            "themes",
            "starts_at",
            "ends_at",
            "is_online",
            "online_url",
            "venue_name",
            "venue_address",
            "lat",
            "lng",
            "municipality",
            "capacity",
            "seats_left",
            "registration_deadline",
            "sequence",
            "updated_at",
            "url",
            "ics_url",
        ]

    def get_themes(self, event) -> list[str]:
        return [theme.slug for theme in event.themes.all()]

    def get_online_url(self, event) -> str:
        # A link meant for registered participants only never goes into open data.
        return "" if event.online_url_participants_only else event.online_url

    def get_seats_left(self, event) -> int | None:
        return selectors.seats_left(event)

    def get_url(self, event) -> str:
        return absolute_url(event.get_absolute_url())

    def get_ics_url(self, event) -> str:
        from django.urls import reverse

        return absolute_url(reverse("events-api:event-ics", args=[event.slug]))


FILTER_PARAMETERS = [
    OpenApiParameter("kind", str, enum=Event.Kind.values, description="Kind of event."),
    OpenApiParameter("theme", str, description="Theme slug."),
    OpenApiParameter("municipality", str, description="Municipality slug (where it is held)."),
    OpenApiParameter("region", str, description="Region slug."),
    OpenApiParameter("mode", str, enum=list(selectors.MODES), description="Online or in person."),
    OpenApiParameter("q", str, description="Free text in title, description and venue."),
]
WHEN_PARAMETER = OpenApiParameter(
    "when", str, enum=list(WHEN), description="Period: upcoming (default), past or all."
)


class GeoJSONRenderer(renderers.JSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"


@extend_schema(tags=["events"])
class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """Published events (read-only). Times are ISO 8601 with offset; coordinates WGS84.
    `?format=geojson` answers the same filtered list as one GeoJSON FeatureCollection."""

    serializer_class = EventSerializer
    renderer_classes = [renderers.JSONRenderer, renderers.BrowsableAPIRenderer, GeoJSONRenderer]
    lookup_field = "slug"
    filter_backends = []  # filtering is done by events.selectors, as on the pages

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.with_listing_data(selectors.published_events())
        return selectors.with_listing_data(_api_events(self.request))

    @extend_schema(parameters=[*FILTER_PARAMETERS, WHEN_PARAMETER])
    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format == "geojson":
            return Response(_feature_collection(_api_events(request)))
        return super().list(request, *args, **kwargs)


def _list_queryset(request, **kwargs):
    return _api_events(request)


def _detail_queryset(request, slug, **kwargs):
    return selectors.published_events().filter(slug=slug)


event_list = _validator(_list_queryset)(EventViewSet.as_view({"get": "list"}))
event_detail = _validator(_detail_queryset)(EventViewSet.as_view({"get": "retrieve"}))


# --- GeoJSON --------------------------------------------------------------------------------


def _feature_collection(queryset) -> dict:
    """Located events as one GeoJSON FeatureCollection ([lng, lat] order), bounded in size."""
    events = selectors.with_listing_data(queryset.filter(lat__isnull=False, lng__isnull=False))[
        :GEOJSON_LIMIT
    ]
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [event.lng, event.lat]},
            "properties": {
                "slug": event.slug,
                "title": event.title,
                "kind": event.kind,
                "starts_at": timezone.localtime(event.starts_at).isoformat(),
                "ends_at": timezone.localtime(event.ends_at).isoformat(),
                "venue": event.location_text,
                "municipality": event.municipality.slug if event.municipality else None,
                "themes": [theme.slug for theme in event.themes.all()],
                "seats_left": selectors.seats_left(event),
                "url": absolute_url(event.get_absolute_url()),
            },
        }
        for event in events
    ]
    return {"type": "FeatureCollection", "features": features}


@require_GET
@_validator(_list_queryset)
def event_geojson(request):
    """Located published events as one GeoJSON FeatureCollection, with the list's filters."""
    response = JsonResponse(_feature_collection(_api_events(request)))
    response["Content-Type"] = "application/geo+json"
    return response


# --- iCalendar ------------------------------------------------------------------------------


def _feed_queryset(request, **kwargs):
    """All upcoming public events, cancelled ones included (so calendars drop them)."""
    filters = selectors.EventFilters.from_query(request.GET)
    return selectors.upcoming(selectors.filter_events(selectors.public_events(), filters))


def _one_event_queryset(request, slug, **kwargs):
    return selectors.public_events().filter(slug=slug)


def _calendar_response(body: bytes, filename: str, *, download: bool) -> HttpResponse:
    response = HttpResponse(body, content_type=ics.CONTENT_TYPE)
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@require_GET
@_validator(_feed_queryset)
def events_ics(request):
    """The subscribable calendar of upcoming events (webcal), with the list's filters."""
    events = _feed_queryset(request).select_related("municipality")
    body = ics.build_calendar(events, name="Smart City Danmark")
    return _calendar_response(body, "smartcity-events.ics", download=False)


@require_GET
@_validator(_one_event_queryset)
def event_ics(request, slug):
    """One event as an .ics file ("Add to calendar")."""
    event = _one_event_queryset(request, slug).first()
    if event is None:
        raise Http404
    body = ics.build_calendar([event], name=event.title)
    return _calendar_response(body, f"{event.slug}.ics", download=True)
