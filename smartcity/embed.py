"""The embeddable map (/embed/map/): the project map and its list for a municipality's own
website, without the site's header and footer.

It is the one page any site may frame: its view relaxes X-Frame-Options and sets CSP
`frame-ancestors *`; every other page keeps DENY / 'none'. The map data (/api/v1/map/) and the
list fragment are fetched by the framed page itself, and fetched answers are never framed, so
they need nothing relaxed.
"""

from urllib.parse import parse_qsl, urlencode

from csp.decorators import csp_replace
from django.db.models import Max, Min
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from projects.selectors import filter_projects, published_projects
from projects.views import explorer_context


def embed_query(filters) -> str:
    """The query string of the filters that are set, in the main map's names."""
    values = {
        "theme": filters.theme,
        "municipality": filters.municipality,
        "status": filters.status,
        "min_adoptions": filters.min_adoptions or "",
        "results": "1" if filters.with_results else "",
        "featured": "1" if filters.featured else "",
    }
    return urlencode({name: value for name, value in values.items() if value})


# The height of the frame the snippet generator offers, in pixels.
MIN_HEIGHT, DEFAULT_HEIGHT, MAX_HEIGHT = 300, 560, 1600
START_VIEW_PADDING = 0.02  # degrees around a municipality's projects (about 2 km)


def start_view(filters) -> str:
    """A municipality's embed opens on its own projects rather than on the whole country: the
    box around them ("minLng,minLat,maxLng,maxLat", a little padded), or "" for the country."""
    if not filters.municipality or filters.bbox:
        return ""
    box = filter_projects(published_projects(), filters).aggregate(
        Min("lng"), Min("lat"), Max("lng"), Max("lat")
    )
    if box["lng__min"] is None:
        return ""
    return ",".join(
        f"{value:.5f}"
        for value in (
            box["lng__min"] - START_VIEW_PADDING,
            box["lat__min"] - START_VIEW_PADDING,
            box["lng__max"] + START_VIEW_PADDING,
            box["lat__max"] + START_VIEW_PADDING,
        )
    )


@require_GET
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def embed_map(request):
    # queries: count and page of projects (with theme and municipality); themes and
    # municipalities to validate the filters. The list fragment costs the same, less nothing.
    context = explorer_context(request)
    if request.htmx:
        return render(request, "projects/includes/results.html", context)
    query = embed_query(context["filters"])
    context["full_site_url"] = request.build_absolute_uri(
        reverse("projects:list") + (f"?{query}" if query else "")
    )
    context["embed_filters"] = parse_qsl(query)
    context["start_bbox"] = start_view(context["filters"])
    return render(request, "reach/embed_map.html", context)
