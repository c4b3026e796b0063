"""The open-data API for events: JSON (DRF), GeoJSON and iCalendar feeds.

Every answer carries an ETag and Last-Modified derived from the events it contains, and honours
conditional requests (304 Not Modified)."""

from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import renderers, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from places.serializers import MunicipalitySummarySerializer
from smartcity.http_cache import Validator, validator_for_queryset
from smartcity.links import absolute_url
from smartcity.open_data_api import (
    ATTRIBUTION,
    CONDITIONAL,
    LICENCE,
    FixedFormat,
    GeoJSONRenderer,
    OpenDataPagination,
    OpenDataView,
)

from . import ics, selectors
from .models import Event

WHEN = ("upcoming", "past", "all")
GEOJSON_LIMIT = 1000


ENUM_PARAMETERS = {
    "kind": Event.Kind.values,
    "mode": list(selectors.MODES),
    "when": list(WHEN),
}


def _check_enums(request) -> None:
    """A value outside a documented list is a 400 that says so (the pages just ignore it)."""
    errors = {}
    for name, allowed in ENUM_PARAMETERS.items():
        value = request.GET.get(name)
        if value not in (None, "") and value not in allowed:
            errors[name] = [_("Choose one of: %(values)s.") % {"values": ", ".join(allowed)}]
    if errors:
        raise ValidationError(errors)


def _api_events(request, *, base=None):
    """Published events for the API, filtered like the list page; `when` picks the period."""
    _check_enums(request)
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


def _validator(request, queryset) -> Validator:
    """One aggregate query: the newest change, the number of events, and the confirmed seats
    (registrations change `seats_left` without touching the event's timestamp)."""
    return validator_for_queryset(
        request,
        queryset,
        seats=Count("registrations", filter=Q(registrations__status="confirmed")),
    )


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

        return absolute_url(reverse("api:events-detail-ics", args=[event.slug]))


FILTER_PARAMETERS = [
    OpenApiParameter(
        "kind", str, enum=[*Event.Kind.values, ""], description="Kind of event (empty: any)."
    ),
    OpenApiParameter("theme", str, description="Theme slug."),
    OpenApiParameter("municipality", str, description="Municipality slug (where it is held)."),
    OpenApiParameter("region", str, description="Region slug."),
    OpenApiParameter(
        "mode", str, enum=[*selectors.MODES, ""], description="Online or in person (empty: any)."
    ),
    OpenApiParameter("q", str, description="Free text in title, description and venue."),
]
WHEN_PARAMETER = OpenApiParameter(
    "when",
    str,
    enum=[*WHEN, ""],
    description="Period: upcoming (default), past or all.",
)


GEOJSON_LIST = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="With `?format=geojson`: the same filtered events as one GeoJSON "
    "FeatureCollection ([lng, lat]), not paginated.",
)


@extend_schema(tags=["events"])
class EventViewSet(OpenDataView, viewsets.ReadOnlyModelViewSet):
    """Published events (read-only). Times are ISO 8601 with offset; coordinates WGS84.
    `?format=geojson` answers the same filtered list as one GeoJSON FeatureCollection."""

    serializer_class = EventSerializer
    renderer_classes = [renderers.JSONRenderer, renderers.BrowsableAPIRenderer, GeoJSONRenderer]
    pagination_class = OpenDataPagination
    lookup_field = "slug"
    filter_backends = []  # filtering is done by events.selectors, as on the pages

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.with_listing_data(selectors.published_events())
        return selectors.with_listing_data(_api_events(self.request))

    @extend_schema(
        parameters=[*FILTER_PARAMETERS, WHEN_PARAMETER],
        description="Published events, paginated; with `?format=geojson` one GeoJSON "
        "FeatureCollection of the same events instead." + CONDITIONAL,
        responses={
            (200, "application/json"): EventSerializer(many=True),
            (200, "application/geo+json"): GEOJSON_LIST,
        },
    )
    def list(self, request, *args, **kwargs):
        events = _api_events(request)
        validator = _validator(request, events)
        if request.accepted_renderer.format == "geojson":
            self.paginator.check_query(request)  # malformed paging is refused either way
            return self.conditional(
                request, validator, lambda: Response(_feature_collection(events))
            )
        return self.conditional(
            request, validator, lambda: super(EventViewSet, self).list(request, *args, **kwargs)
        )

    @extend_schema(description="One published event." + CONDITIONAL)
    def retrieve(self, request, *args, **kwargs):
        events = selectors.published_events().filter(slug=kwargs["slug"])
        return self.conditional(
            request,
            _validator(request, events),
            lambda: super(EventViewSet, self).retrieve(request, *args, **kwargs),
        )


event_list = EventViewSet.as_view({"get": "list"})
event_detail = EventViewSet.as_view({"get": "retrieve"})


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
    return {
        "type": "FeatureCollection",
        "license": LICENCE,
        "attribution": ATTRIBUTION,
        "features": features,
    }


class EventGeoJSON(OpenDataView, APIView):
    """Located published events as one GeoJSON FeatureCollection, with the list's filters."""

    renderer_classes = [GeoJSONRenderer]
    content_negotiation_class = FixedFormat

    @extend_schema(
        operation_id="events_geojson",
        parameters=[*FILTER_PARAMETERS, WHEN_PARAMETER],
        tags=["events"],
        summary="Located published events as GeoJSON",
        description="One GeoJSON FeatureCollection (RFC 7946), coordinates `[lng, lat]`, at "
        f"most {GEOJSON_LIMIT} events." + CONDITIONAL,
        responses={(200, "application/geo+json"): OpenApiTypes.OBJECT},
    )
    def get(self, request):
        events = _api_events(request)
        return self.conditional(
            request, _validator(request, events), lambda: Response(_feature_collection(events))
        )


# --- iCalendar ------------------------------------------------------------------------------


def _feed_queryset(request):
    """All upcoming public events, cancelled ones included (so calendars drop them)."""
    _check_enums(request)
    filters = selectors.EventFilters.from_query(request.GET)
    return selectors.upcoming(selectors.filter_events(selectors.public_events(), filters))


def _one_event_queryset(request, slug):
    """A public event; before it is public, also for its organiser and the moderators (the
    event page they see offers the file too)."""
    user = request.user
    if user.is_authenticated and user.is_moderator:
        return Event.objects.filter(slug=slug)
    events = selectors.public_events().filter(slug=slug)
    if user.is_authenticated:
        events = events | Event.objects.filter(slug=slug, organiser=user)
    return events


def _calendar_response(body: bytes, filename: str, *, download: bool) -> HttpResponse:
    response = HttpResponse(body, content_type=ics.CONTENT_TYPE)
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


class CalendarView(OpenDataView, APIView):
    renderer_classes = [renderers.JSONRenderer]  # errors only; calendars are built by hand
    content_negotiation_class = FixedFormat


class EventsCalendar(CalendarView):
    @extend_schema(
        operation_id="events_ics",
        parameters=FILTER_PARAMETERS,
        tags=["events"],
        summary="The subscribable calendar of upcoming events (iCalendar)",
        description="RFC 5545, times in Europe/Copenhagen; cancelled events stay in the feed "
        "as cancelled." + CONDITIONAL,
        responses={(200, "text/calendar"): OpenApiTypes.STR},
    )
    def get(self, request):
        events = _feed_queryset(request)

        def build():
            body = ics.build_calendar(
                events.select_related("municipality"), name="Smart City Danmark"
            )
            return _calendar_response(body, "smartcity-events.ics", download=False)

        return self.conditional(request, _validator(request, events), build)


class EventCalendar(CalendarView):
    @extend_schema(
        operation_id="event_ics",
        tags=["events"],
        summary="One event as an .ics file",
        description='For "Add to calendar".' + CONDITIONAL,
        responses={(200, "text/calendar"): OpenApiTypes.STR},
    )
    def get(self, request, slug):
        events = _one_event_queryset(request, slug)
        event = events.first()
        if event is None:
            raise Http404

        def build():
            body = ics.build_calendar([event], name=event.title)
            return _calendar_response(body, f"{event.slug}.ics", download=True)

        return self.conditional(request, _validator(request, events), build)
