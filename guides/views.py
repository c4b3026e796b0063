from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from projects.models import Theme
from smartcity.forms import add_service_errors
from smartcity.page_cache import public_page

from . import selectors, services
from .diff import version_diff
from .forms import GuideForm
from .models import Guide, GuideVersion


def _public_guide(slug: str) -> Guide:
    guide = selectors.guide_for_page(slug)
    if guide is None or not guide.is_public:
        raise Http404
    return guide


# --- reading ----------------------------------------------------------------------------------


@public_page
def guide_list(request):
    # queries: guides with their current versions, their themes, the theme filter
    theme = request.GET.get("theme", "")
    themes = list(Theme.objects.filter(guides__isnull=False).distinct().order_by("position"))
    if theme not in {t.slug for t in themes}:
        theme = ""
    language = get_language()
    guides = [
        (guide, guide.version_for(language)) for guide in selectors.guides_for_list(theme=theme)
    ]
    return render(
        request,
        "guides/guide_list.html",
        {"guides": guides, "themes": themes, "theme": theme},
    )


@public_page
def guide_detail(request, slug):
    # queries: the guide with its versions and owner, themes, data areas, projects, events,
    # threads, datasets
    guide = _public_guide(slug)
    version = guide.version_for(get_language())
    return render(
        request,
        "guides/guide_detail.html",
        {
            "guide": guide,
            "version": version,
            "other_language": version.language != (get_language() or "da")[:2],
            "can_write": services.user_can_write(request.user),
            "is_moderator": request.user.is_staff and request.user.is_moderator,
        },
    )


def _number(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def guide_history(request, slug):
    # queries: the guide with its versions, the published versions with their authors
    guide = get_object_or_404(selectors._with_versions(selectors.published_guides()), slug=slug)
    versions = selectors.published_versions(guide)
    by_number = {v.number: v for v in versions}
    old, new = (
        by_number.get(_number(request.GET.get("a"))),
        by_number.get(_number(request.GET.get("b"))),
    )
    if (request.GET.get("a") or request.GET.get("b")) and (old is None or new is None):
        messages.error(request, _("Choose two published versions to compare."))
    if old is None or new is None:
        # By default: the newest version against the one before it in the same language.
        new = versions[0] if versions else None
        old = next((v for v in versions[1:] if new and v.language == new.language), None)
    diff = version_diff(old, new) if old and new else None
    return render(
        request,
        "guides/guide_history.html",
        {"guide": guide, "versions": versions, "old": old, "new": new, "diff": diff},
    )


# --- writing ----------------------------------------------------------------------------------


def _initial_from(version: GuideVersion | None, guide: Guide | None) -> dict:
    if version is None:
        return {"language": (get_language() or "da")[:2]}
    meta = version.meta or {}
    links = [f"/projects/{slug}/" for slug in meta.get("projects", [])]
    links += [f"/events/{slug}/" for slug in meta.get("events", [])]
    links += [f"/forum/t/{pk}/" for pk in meta.get("threads", [])]
    links += [f"/datasets/{slug}/" for slug in meta.get("datasets", [])]
    return {
        "language": version.language,
        "title": version.title,
        "summary": version.summary,
        "body": version.body,
        "steps": version.steps,
        "effort": version.effort,
        "pitfalls": version.pitfalls,
        "themes": meta.get("themes", []),
        "audience": meta.get("audience", Guide.Audience.ANY),
        "data_areas": meta.get("data_areas", []),
        "links": links,
    }


def _guide_form(request, *, guide: Guide | None):
    if not services.user_can_write(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = GuideForm(request.POST)
        if form.is_valid():
            try:
                data = {name: request.POST.get(name) for name in services.DATA_FIELDS}
                data["themes"] = request.POST.getlist("themes")
                version = services.guide_submit(author=request.user, data=data, guide=guide)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if version.state == GuideVersion.State.REJECTED:
                    messages.error(request, _("The guide was rejected by the automatic check."))
                else:
                    messages.success(
                        request,
                        _("Thank you! A moderator will read the guide before it is published."),
                    )
                return redirect("guides:review_version", version.pk)
        return render(request, "guides/guide_form.html", {"form": form, "guide": guide}, status=400)
    source = None
    language = request.GET.get("language")
    if guide is not None:
        number = _number(request.GET.get("from"))
        if number:  # the author's own returned version, to change and send again
            source = guide.versions.filter(number=number, author=request.user).first()
        source = source or guide.version_for(language or get_language() or "da")
    initial = _initial_from(source, guide)
    if language in ("da", "en"):
        initial["language"] = language
    return render(
        request, "guides/guide_form.html", {"form": GuideForm(initial=initial), "guide": guide}
    )


@login_required
def guide_create(request):
    return _guide_form(request, guide=None)


@login_required
def guide_edit(request, slug):
    guide = get_object_or_404(Guide.objects.select_related("current_da", "current_en"), slug=slug)
    return _guide_form(request, guide=guide)


# --- review -----------------------------------------------------------------------------------


def _moderator_only(request) -> None:
    if not (request.user.is_authenticated and request.user.is_moderator):
        raise PermissionDenied


@login_required
def version_detail(request, pk):
    """One version as its author and the moderators see it: its state, the reason it was
    returned, the difference from the published text; for moderators, publish or return."""
    version = get_object_or_404(
        GuideVersion.objects.select_related(
            "guide", "guide__current_da", "guide__current_en", "author"
        ),
        pk=pk,
    )
    user = request.user
    if version.author_id != user.pk and not user.is_moderator:
        raise Http404
    current = getattr(version.guide, f"current_{version.language}")
    diff = version_diff(current, version) if current and current.pk != version.pk else None
    return render(
        request,
        "guides/version_detail.html",
        {
            "version": version,
            "guide": version.guide,
            "current": current,
            "diff": diff,
            "is_moderator": user.is_moderator,
        },
    )


@require_POST
@login_required
def version_decide(request, pk):
    _moderator_only(request)
    version = get_object_or_404(GuideVersion, pk=pk)
    try:
        if request.POST.get("decision") == "publish":
            services.version_publish(version=version, by=request.user)
            messages.success(request, _("The version is published."))
            return redirect(version.guide.get_absolute_url())
        services.version_return(version=version, by=request.user, reason=request.POST.get("reason"))
        messages.success(request, _("The version is returned to its author."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("guides:review_version", version.pk)


@login_required
def review_queue(request):
    # queries: waiting versions with guide and author, stale guides with versions and owner
    _moderator_only(request)
    return render(
        request,
        "guides/review_queue.html",
        {"waiting": selectors.waiting_versions(), "stale": selectors.stale_guides()},
    )


@require_POST
@login_required
def guide_reviewed(request, slug):
    _moderator_only(request)
    guide = get_object_or_404(Guide, slug=slug)
    services.guide_mark_reviewed(guide=guide, by=request.user)
    messages.success(request, _("The guide is marked as reviewed today."))
    return redirect(guide.get_absolute_url())


@login_required
def my_guides(request):
    return render(
        request, "guides/my_guides.html", {"versions": selectors.versions_of_author(request.user)}
    )


# --- the way in -------------------------------------------------------------------------------


@public_page
def start(request):
    # queries: the four themes with their guides, the top solutions, the next events
    return render(request, "guides/start.html", {"entries": selectors.start_page()})
