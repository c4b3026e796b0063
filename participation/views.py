from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import registry, selectors, services
from .forms import KIND_LABELS, AlertForm, PreferencesForm
from .models import Alert


def _next_url(request, fallback: str) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return fallback


@login_required
def notification_list(request):
    try:
        before = int(request.GET.get("before", "")) or None
    except ValueError:
        before = None
    items, next_before = selectors.notifications_page(user=request.user, before=before)
    return render(
        request,
        "participation/notification_list.html",
        {
            "items": items,
            "next_before": next_before,
            "unread": services.unread_recount(request.user),
        },
    )


@login_required
@require_POST
def read_all(request):
    services.mark_all_read(user=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("participation:list")


@require_POST
def follow(request):
    """Follow or stop following one item: POST target=<kind>:<id>, follow=1|0, next=<url>."""
    if not request.user.is_authenticated:
        return redirect_to_login(_next_url(request, "/"))
    name, _sep, raw_id = request.POST.get("target", "").partition(":")
    entry = registry.by_name(name)
    if entry is None or not raw_id.isdigit():
        raise Http404
    target = entry.queryset().filter(pk=int(raw_id)).first()
    if target is None or not entry.visible(request.user, target):
        raise Http404
    wanted = request.POST.get("follow") == "1"
    try:
        services.follow_set(user=request.user, target=target, follow=wanted)
    except (PermissionDenied, ValidationError):
        raise Http404 from None
    messages.success(
        request,
        _("You now follow “%(title)s”.") % {"title": target}
        if wanted
        else _("You no longer follow “%(title)s”.") % {"title": target},
    )
    return redirect(_next_url(request, target.get_absolute_url()))


@login_required
def preferences(request):
    current = services.preferences_of([request.user.pk])[request.user.pk]
    form = PreferencesForm(request.POST or None, initial_frequencies=current)
    if request.method == "POST" and form.is_valid():
        services.preferences_set(user=request.user, frequencies=form.cleaned_data)
        messages.success(request, _("Your e-mail settings have been saved."))
        return redirect("participation:settings")
    alerts = Alert.objects.filter(user=request.user).select_related("municipality", "theme")
    return render(
        request,
        "participation/settings.html",
        {
            "form": form,
            "kinds": KIND_LABELS,
            "alerts": alerts.order_by("pk"),
            # Filled in from a municipality page or the map's filter bar (?municipality=&theme=).
            "alert_form": AlertForm(
                initial={k: request.GET[k] for k in ("municipality", "theme") if k in request.GET}
            ),
        },
    )


@require_POST
def alert_add(request):
    if not request.user.is_authenticated:
        return redirect_to_login(_next_url(request, "/"))
    form = AlertForm(request.POST)
    if form.is_valid():
        services.alert_create(user=request.user, **form.cleaned_data)
        messages.success(request, _("Alert created: you will hear about new projects."))
    else:
        messages.error(request, " ".join(form.non_field_errors()) or _("Check the alert."))
    return redirect(_next_url(request, "participation:settings"))


@login_required
@require_POST
def alert_remove(request, pk):
    services.alert_delete(user=request.user, alert_id=pk)
    messages.success(request, _("The alert was removed."))
    return redirect(_next_url(request, "participation:settings"))


@csrf_exempt  # the signed token is the authority; RFC 8058 one-click POSTs carry no CSRF token
def unsubscribe(request, token):
    try:
        signing.loads(token, salt=services.UNSUBSCRIBE_SALT, max_age=60 * 60 * 24 * 365)
    except signing.BadSignature:
        return render(request, "participation/unsubscribe.html", {"invalid": True}, status=400)
    done = False
    if request.method == "POST":
        services.unsubscribe(token=token)
        done = True
    return render(request, "participation/unsubscribe.html", {"done": done})
