import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forum.permissions import can_read_category
from places.models import Municipality, Region
from smartcity.forms import add_service_errors
from smartcity.page_cache import public_page
from smartcity.spreadsheets import csv_cell

from . import selectors, services
from .forms import CancelEventForm, EventFilterForm, EventForm
from .models import Event, Registration

PAGE_SIZE = 20
MAP_LIMIT = 300  # upcoming in-person events are few; the cap keeps the page bounded anyway


def _themes():
    from django.apps import apps

    return apps.get_model("projects", "Theme").objects.all()


def _listing(request, *, archive: bool):
    filters = selectors.EventFilters.from_query(request.GET)
    filter_form = EventFilterForm(
        request.GET or None,
        themes=_themes(),
        regions=Region.objects.all(),
        municipalities=Municipality.objects.only("slug", "name"),
    )
    base = selectors.filter_events(selectors.public_events(), filters)
    events = selectors.past(base) if archive else selectors.upcoming(base)
    page = Paginator(selectors.with_listing_data(events), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "filters": filters,
        "filter_form": filter_form,
        "page": page,
        "events": page.object_list,
        "archive": archive,
        "query_string": urlencode(filters.as_query()),
    }
    if not archive:
        context["map_data"] = _map_data(events)
    return context


def _map_data(events):
    points = events.filter(state=Event.State.PUBLISHED, lat__isnull=False, lng__isnull=False)
    return {
        "events": [
            {
                "title": e.title,
                "url": e.get_absolute_url(),
                "lat": e.lat,
                "lng": e.lng,
                "when": date_format(timezone.localtime(e.starts_at), "DATETIME_FORMAT"),
                "venue": e.location_text,
            }
            for e in points.only(
                "title", "slug", "lat", "lng", "starts_at", "venue_name", "venue_address"
            )[:MAP_LIMIT]
        ],
    }


@public_page
def event_list(request):
    context = _listing(request, archive=False)
    context["can_organise"] = services.user_can_organise(request.user)
    if context["can_organise"]:
        context["my_pending"] = selectors.pending_for_organiser(request.user)
    return render(request, "events/event_list.html", context)


@public_page
def event_archive(request):
    return render(request, "events/event_archive.html", _listing(request, archive=True))


def _get_event_for(request, slug) -> Event:
    """The event, if this user may see it: public events for all; others for their organiser
    and moderators only."""
    event = selectors.event_for_page(slug)
    if event is None:
        raise Http404
    if not event.is_public and not services.user_can_manage_event(request.user, event):
        raise Http404
    return event


def _get_managed_event(request, slug) -> Event:
    event = _get_event_for(request, slug)
    if not services.user_can_manage_event(request.user, event):
        raise PermissionDenied
    return event


@public_page
def event_detail(request, slug):
    event = _get_event_for(request, slug)
    registration = selectors.registration_of(event, request.user)
    can_manage = services.user_can_manage_event(request.user, event)
    confirmed = registration is not None and registration.status == Registration.Status.CONFIRMED
    context = {
        "event": event,
        "registration": registration,
        "waiting_position": (
            selectors.waiting_position(registration)
            if registration and registration.status == Registration.Status.WAITING
            else None
        ),
        "seats_left": selectors.seats_left(event),
        "closed_reason": services.registration_closed_reason(event),
        "can_manage": can_manage,
        "show_online_url": event.is_online
        and event.online_url
        and (not event.online_url_participants_only or confirmed or can_manage),
        "show_forum_category": event.forum_category is not None
        and can_read_category(request.user, event.forum_category),
        "ics_url": reverse("api:events-detail-ics", args=[event.slug]),
        "webcal_url": _webcal(request, reverse("api:events-ics")),
        "map_data": (
            {
                "events": [{"title": event.title, "lat": event.lat, "lng": event.lng}],
                "zoom": 14,
            }
            if event.lat is not None
            else None
        ),
    }
    return render(request, "events/event_detail.html", context)


def _webcal(request, path: str) -> str:
    return "webcal://" + request.get_host() + path


@login_required
def event_create(request):
    if not services.user_can_organise(request.user):
        raise PermissionDenied
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(organiser=request.user, data=_form_data(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            event.refresh_from_db(fields=["state"])
            _say_state(request, event)
            return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "event": None})


@login_required
def event_edit(request, slug):
    event = _get_managed_event(request, slug)
    if event.is_cancelled:
        messages.info(request, _("The event is already cancelled."))
        return redirect(event)
    form = EventForm(request.POST or None, instance=Event.objects.get(pk=event.pk))
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_update(event=event, by=request.user, data=_form_data(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            event.refresh_from_db(fields=["state"])
            _say_state(request, event, edited=True)
            return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "event": event})


def _form_data(form) -> dict:
    data = dict(form.cleaned_data)
    if "lat" not in form.changed_data and "venue_address" not in form.changed_data:
        # An edit that did not touch the venue keeps its location.
        data.pop("lat", None)
        data.pop("lng", None)
    return data


def _say_state(request, event: Event, edited: bool = False) -> None:
    if event.state == Event.State.PUBLISHED:
        messages.success(
            request, _("The event has been saved.") if edited else _("The event is published.")
        )
    elif event.state == Event.State.REJECTED:
        messages.error(request, _("The event was not published. A moderator will look at it."))
    else:
        messages.info(
            request, _("The event has been saved and waits for a moderator before it is shown.")
        )


@login_required
def event_cancel(request, slug):
    event = _get_managed_event(request, slug)
    if event.is_cancelled:
        messages.info(request, _("The event is already cancelled."))
        return redirect(event)
    form = CancelEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.event_cancel(event=event, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(
            request, _("The event is cancelled. Everyone registered is being told by e-mail.")
        )
        return redirect(event)
    return render(request, "events/event_cancel.html", {"form": form, "event": event})


@login_required
@require_POST
def register(request, slug):
    event = _get_event_for(request, slug)
    try:
        registration = services.registration_create(event=event, user=request.user)
    except services.RegistrationClosed as exc:
        messages.error(request, str(exc))
    else:
        if registration.status == Registration.Status.CONFIRMED:
            messages.success(request, _("You are registered. See you there!"))
        else:
            messages.info(
                request,
                _(
                    "The event is full, so you are on the waiting list. We will e-mail you if a "
                    "seat becomes free."
                ),
            )
    return redirect(event)


@login_required
@require_POST
def unregister(request, slug):
    event = _get_event_for(request, slug)
    registration = services.registration_cancel(event=event, user=request.user)
    if registration is not None:
        messages.success(request, _("Your registration has been cancelled."))
    return redirect(event)


@login_required
def participants(request, slug):
    event = _get_managed_event(request, slug)
    registrations = list(selectors.participants(event))
    return render(
        request,
        "events/participants.html",
        {
            "event": event,
            "confirmed": [r for r in registrations if r.status == Registration.Status.CONFIRMED],
            "waiting": [r for r in registrations if r.status == Registration.Status.WAITING],
        },
    )


@login_required
def participants_csv(request, slug):
    event = _get_managed_event(request, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-participants.csv"'
    response.write("\ufeff")  # so that Excel reads the file as UTF-8 (æ, ø, å)
    writer = csv.writer(response)
    writer.writerow([_("Name"), _("E-mail address"), _("Status"), _("Registered")])
    for registration in selectors.participants(event):
        writer.writerow(
            [
                csv_cell(registration.user.display_name),
                csv_cell(registration.user.email),
                registration.get_status_display(),
                timezone.localtime(registration.queued_at).strftime("%Y-%m-%d %H:%M"),
            ]
        )
    return response
