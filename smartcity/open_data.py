"""The "Open data" page: what is published, under which licence, and how to fetch it."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .open_data_api import ATTRIBUTION

# All of Denmark at the map's first zoom level.
MAP_EXAMPLE_QUERY = "?bbox=8.0,54.5,15.2,57.8&zoom=7"


def _endpoints() -> list[dict]:
    return [
        {
            "url": reverse("api:projects-list"),
            "format": "JSON",
            "what": _(
                "Published projects, newest first, 50 a page; filters below. Signed-in users "
                "can submit a project with POST."
            ),
        },
        {
            "url": reverse("api:projects-detail", args=["SLUG"]).replace("SLUG", "<slug>"),
            "template": True,  # a pattern, not a link
            "format": "JSON",
            "what": _("One project with its images and the municipalities that use it."),
        },
        {
            "url": reverse("api:projects-geojson"),
            "format": "GeoJSON",
            "what": _("Every published project as one GeoJSON FeatureCollection."),
        },
        {
            "url": reverse("api:projects-csv"),
            "format": "CSV",
            "what": _("Every published project, one row each, for spreadsheets."),
        },
        {
            # The map API needs a view (bbox) and a zoom: link an example that answers.
            "url": reverse("api:map") + MAP_EXAMPLE_QUERY,
            "format": "GeoJSON",
            "what": _(
                "Clusters and projects for one map view (bbox and zoom required; the link "
                "shows all of Denmark), at most a few hundred features."
            ),
        },
        {
            "url": reverse("api:themes-list"),
            "format": "JSON",
            "what": _("The themes, with their map colour and icon."),
        },
        {
            "url": reverse("api:municipalities-list"),
            "format": "JSON",
            "what": _("The 98 municipalities with code, region and the position of the town hall."),
        },
        {
            "url": reverse("api:events-list"),
            "format": "JSON",
            "what": _("Published events, the coming ones first; add ?when=past for earlier ones."),
        },
        {
            "url": reverse("api:events-geojson"),
            "format": "GeoJSON",
            "what": _("Events with a venue, as one GeoJSON FeatureCollection."),
        },
        {
            "url": reverse("api:events-ics"),
            "format": "iCalendar",
            "what": _(
                "A calendar feed of the coming events to subscribe to; takes the events "
                "list's filters."
            ),
        },
        {
            "url": reverse("api:events-detail-ics", args=["SLUG"]).replace("SLUG", "<slug>"),
            "template": True,
            "format": "iCalendar",
            "what": _("One event, to add to a calendar."),
        },
        {
            "url": reverse("api:forum-threads-list"),
            "format": "JSON",
            "what": _("Threads in the forum's public categories, newest activity first."),
        },
        {
            "url": reverse("api:forum-threads-posts", args=[0]).replace("/0/", "/<id>/"),
            "template": True,
            "format": "JSON",
            "what": _("The published posts of one public thread, oldest first."),
        },
    ]


def open_data(request):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    context = {
        "endpoints": _endpoints(),
        "attribution": ATTRIBUTION,
        "anon_rate": rates.get("anon", ""),
        "geojson_url": reverse("api:projects-geojson"),
        "csv_url": reverse("api:projects-csv"),
        "docs_url": reverse("api-docs"),
        "schema_url": reverse("api-schema"),
    }
    return render(request, "smartcity/open_data.html", context)
