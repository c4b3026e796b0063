"""Pages that help people find the site's content from outside: the site search, robots.txt
and the human-readable landing page of the API."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from .site_search import KINDS, QueryError, site_search


@require_GET
def search(request):
    # queries: projects, guides, events (one each) and the forum's search (count and page);
    # plus session and user when signed in.
    query = request.GET.get("q", "")
    kind = request.GET.get("type", "")
    context = {"query": query, "kinds": KINDS}
    if query.strip():
        try:
            results = site_search(
                query=query, user=request.user, kind=kind, page_number=request.GET.get("page")
            )
        except QueryError as error:
            context["error"] = str(error)
            context["query"] = query[:200]
        else:
            context["results"] = results
            context["total"] = sum(results.counts.values())
            context["type_links"] = [
                (
                    name,
                    label,
                    f"{results.counts[name]}{'+' if name in results.capped else ''}",
                    "?" + urlencode({"q": query, "type": name}),
                )
                for name, (label, _search) in KINDS.items()
            ]
            context["all_link"] = "?" + urlencode({"q": query})
            context["page_query"] = urlencode(
                {"q": query, **({"type": results.kind} if results.kind else {})}
            )
    status = 400 if "error" in context else 200
    return render(request, "reach/search.html", context, status=status)


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /search/",
        "Disallow: /embed/",
        f"Sitemap: {settings.SITE_URL.rstrip('/')}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def api_landing(request):
    return render(request, "reach/api_landing.html")
