from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import OK, run_checks


def home(request):
    return render(request, "smartcity/home.html")


def about(request):
    return render(request, "smartcity/about.html")


def accessibility(request):
    return render(request, "smartcity/accessibility.html")


@never_cache
@require_GET
def healthz(request):
    checks = run_checks()
    healthy = all(state in (OK, "eager") for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )
