from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .geocoding import in_denmark, municipality_at, outside_denmark_message
from .geocoding.boundaries import valid_point
from .models import Municipality, Region


def municipality_list(request):
    regions = Region.objects.prefetch_related("municipalities")
    return render(request, "places/municipality_list.html", {"regions": regions})


def municipality_detail(request, slug):
    municipality = get_object_or_404(Municipality.objects.select_related("region"), slug=slug)
    return render(request, "places/municipality_detail.html", {"municipality": municipality})


@require_GET
def point_check(request):
    """Whether a point may be picked, for the point picker before it submits: on land in
    Denmark or within the coastal tolerance, and in which municipality. The forms and services
    check the same again on submit."""
    lat, lng = request.GET.get("lat", ""), request.GET.get("lng", "")
    if not valid_point(lat, lng):
        return JsonResponse({"error": _("Give lat and lng in decimal degrees.")}, status=400)
    municipality = municipality_at(lat, lng)
    if municipality is None and not in_denmark(lat, lng):  # Ertholmene is in no municipality
        return JsonResponse(
            {"in_denmark": False, "municipality": None, "message": outside_denmark_message()}
        )
    return JsonResponse(
        {
            "in_denmark": True,
            "municipality": (
                {"code": municipality.code, "name": municipality.name, "slug": municipality.slug}
                if municipality
                else None
            ),
            "message": "",
        }
    )
