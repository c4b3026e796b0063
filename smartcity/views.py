from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe
from django.views.i18n import set_language as django_set_language

from events.selectors import events_of_organiser, registrations_of
from forum.selectors import threads_of_author
from projects.selectors import projects_of_author

from . import privacy
from .health import OK, run_checks
from .page_cache import public_page


@public_page
def home(request):
    # queries: the success stories and their results (plus the explorer's own)
    from projects.selectors import featured_projects

    return render(request, "smartcity/home.html", {"success_stories": featured_projects()})


@login_required
def mine(request):
    """The user's own things, one click from the header: submissions, events, registrations
    and forum threads."""
    user = request.user
    return render(
        request,
        "smartcity/mine.html",
        {
            "projects": list(projects_of_author(user)[:20]),
            "events": events_of_organiser(user),
            "registrations": registrations_of(user),
            "threads": threads_of_author(user),
        },
    )


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


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico before they read the page; send them to the static file."""
    return redirect(static("favicon.ico"), permanent=True)


@never_cache
@require_GET
def healthz(request):
    checks = run_checks()
    healthy = all(state in (OK, "eager") for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


def set_language(request):
    """Django's language switch, which also remembers the choice on the account: a signed-in
    user's pages and e-mails then follow it (smartcity.middleware.LanguageMiddleware)."""
    response = django_set_language(request)
    language = request.POST.get("language")
    user = request.user
    if user.is_authenticated and language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return response
