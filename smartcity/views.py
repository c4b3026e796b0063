from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.i18n import set_language as django_set_language

from . import privacy
from .health import OK, run_checks


def home(request):
    # queries: the success stories and their results (plus the explorer's own)
    from projects.selectors import featured_projects

    return render(request, "smartcity/home.html", {"success_stories": featured_projects()})


def about(request):
    return render(request, "smartcity/about.html")


def accessibility(request):
    return render(request, "smartcity/accessibility.html")


def privacy_policy(request):
    return render(
        request,
        "smartcity/privacy.html",
        {
            "controller": privacy.controller(),
            "cookies": privacy.cookies(),
            "export_days": settings.PRIVACY_EXPORT_DAYS,
            "unverified_days": settings.PRIVACY_UNVERIFIED_ACCOUNT_DAYS,
            "privileged_hours": settings.PRIVILEGED_SESSION_HOURS,
        },
    )


@never_cache
@require_GET
def healthz(request):
    checks = run_checks()
    healthy = all(state in (OK, "eager") for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


def set_language(request):
    """Django's language switch, which also remembers the choice on the account so that
    e-mails reach the user in that language."""
    response = django_set_language(request)
    language = request.POST.get("language")
    user = request.user
    if user.is_authenticated and language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return response
