from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import ngettext

from places.models import Region

from . import selectors, uses
from .forms import DatasetFilterForm, MatrixFilterForm, region_label

PAGE_SIZE = 25


def dataset_list(request):
    form = DatasetFilterForm(request.GET or None)
    filters = form.filters()
    page = Paginator(selectors.datasets_for_list(filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "filters": filters,
        "area": form.chosen_area(),
        "page_obj": page,
        "query_string": query.urlencode(),
    }
    return render(request, "catalogue/dataset_list.html", context)


def dataset_detail(request, slug):
    dataset = selectors.dataset_by_slug(slug)
    if dataset is None:
        raise Http404
    context = {
        "dataset": dataset,
        "distributions": list(dataset.distributions.all()),
        "areas": list(dataset.areas.all()),
        "uses": [] if dataset.withdrawn_at else uses.uses_of(dataset),
    }
    return render(request, "catalogue/dataset_detail.html", context)


def area_matrix(request):
    # queries: the regions, the areas, the grid (one aggregate) — whatever the data.
    regions = list(Region.objects.all())
    region = next((r for r in regions if r.slug == request.GET.get("region")), None)
    sort = request.GET.get("sort") or "name"
    matrix = selectors.matrix(region=region, sort=sort)
    _label_cells(matrix)
    form = MatrixFilterForm(
        {"region": region.slug if region else "", "sort": sort},
        regions=regions,
        areas=matrix.areas,
    )
    context = {
        "matrix": matrix,
        "form": form,
        "region": region,
        "region_name": region_label(region) if region else "",
        "sort": sort,
        "region_query": f"region={region.slug}&" if region else "",
    }
    return render(request, "catalogue/area_matrix.html", context)


def _label_cells(matrix) -> None:
    """Each cell's link and its name for screen readers, built here once: 98 × 18 cells are
    too many for template tags."""
    base = reverse("catalogue:dataset_list")
    for row in matrix.rows:
        name, slug = row.municipality.name, row.municipality.slug
        for cell in row.cells:
            if cell.count:
                cell.url = f"{base}?municipality={slug}&area={cell.area.slug}"
                cell.label = ngettext(
                    "%(area)s in %(name)s: %(n)s dataset",
                    "%(area)s in %(name)s: %(n)s datasets",
                    cell.count,
                ) % {"area": cell.area.label, "name": name, "n": cell.count}
