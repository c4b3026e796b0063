from django.shortcuts import get_object_or_404, render

from .models import Municipality, Region


def municipality_list(request):
    regions = Region.objects.prefetch_related("municipalities")
    return render(request, "places/municipality_list.html", {"regions": regions})


def municipality_detail(request, slug):
    municipality = get_object_or_404(Municipality.objects.select_related("region"), slug=slug)
    return render(request, "places/municipality_detail.html", {"municipality": municipality})
