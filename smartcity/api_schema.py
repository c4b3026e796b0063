"""Additions to the OpenAPI schema (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]).

drf-spectacular documents DRF views only. The events' GeoJSON and iCalendar feeds are plain
Django views (they answer files, not DRF responses), so they are described here, with the same
filters as the events list they are built from."""

from django.urls import reverse

EVENTS_LIST = "/api/v1/events/"


def _path(url: str) -> str:
    return url.replace("SLUG", "{slug}")


def document_event_feeds(result, generator, request, public):
    paths = result.setdefault("paths", {})
    list_parameters = paths.get(EVENTS_LIST, {}).get("get", {}).get("parameters", [])
    filters = [p for p in list_parameters if p["name"] not in ("page", "format")]
    upcoming_filters = [p for p in filters if p["name"] != "when"]
    slug = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
    feeds = {
        reverse("events-api:geojson"): {
            "operationId": "events_geojson",
            "summary": "Located published events as one GeoJSON FeatureCollection",
            "description": "The events list's filters apply. Coordinates are [lng, lat].",
            "parameters": filters,
            "content": "application/geo+json",
            "schema": {"type": "object"},
        },
        reverse("events-api:ics"): {
            "operationId": "events_ics",
            "summary": "Calendar feed (iCalendar) of the coming public events",
            "description": "Subscribe to it (webcal). Cancelled events stay in, marked so.",
            "parameters": upcoming_filters,
            "content": "text/calendar",
            "schema": {"type": "string"},
        },
        _path(reverse("events-api:event-ics", args=["SLUG"])): {
            "operationId": "event_ics",
            "summary": "One public event as an iCalendar file",
            "description": "For 'Add to calendar'.",
            "parameters": [slug],
            "content": "text/calendar",
            "schema": {"type": "string"},
        },
    }
    for url, feed in feeds.items():
        paths[url] = {
            "get": {
                "operationId": feed["operationId"],
                "summary": feed["summary"],
                "description": feed["description"],
                "parameters": feed["parameters"],
                "tags": ["events"],
                "security": [{}],
                "responses": {
                    "200": {
                        "description": feed["summary"],
                        "content": {feed["content"]: {"schema": feed["schema"]}},
                    },
                    "304": {"description": "Not modified since the ETag or date sent."},
                },
            }
        }
    result["paths"] = dict(sorted(paths.items()))
    return result
