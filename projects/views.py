import re

from allauth.account.decorators import verified_email_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from moderation.forms import ReportForm
from moderation.services import AlreadyReported
from smartcity.client_address import client_address
from smartcity.forms import add_service_errors
from smartcity.page_cache import public_page

from . import review, selectors, services
from .filters import project_filters_from
from .forms import MAX_IMAGES, AdoptionForm, ProjectDataForm, ProjectFilterForm, ProjectForm
from .models import Project, ProjectImage, Theme
from .results import ProjectResultFormSet
from .selectors import ProjectFilters

PAGE_SIZE = 20
THEME_CSS_CACHE_KEY = "projects:theme-css"
IMAGE_CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


# --- the map and the list ---------------------------------------------------------------------


def filters_from_request(request) -> tuple[ProjectFilterForm, ProjectFilters]:
    """The filter form bound to the query string, and the filters it describes (read the one
    way the APIs read them). Invalid values, and themes or municipalities the form does not
    offer, are dropped: a stale shared link still shows something."""
    form = ProjectFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    filters = project_filters_from(request.GET, drop_invalid=form.errors, lenient=True)
    return form, filters


def explorer_context(request) -> dict:
    """Everything the map-and-list component needs; the list page and the home page share it."""
    form, filters = filters_from_request(request)
    paginator = Paginator(selectors.projects_for_list(filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "filters": filters,
        "page_obj": page,
        "query_string": query.urlencode(),
    }


@public_page
def project_list(request):
    # queries: count, page of projects (with theme and municipality), themes and municipalities
    # for the filter selects (full page only); plus session and user when signed in.
    context = explorer_context(request)
    if request.htmx:
        return render(request, "projects/includes/results.html", context)
    return render(request, "projects/project_list.html", context)


# --- one project ------------------------------------------------------------------------------


def _visible_project(request, slug: str) -> Project:
    """A published project for everyone; an unpublished one only for its author (and the
    moderators), so that the author can see the state of a fresh submission."""
    project = selectors.project_for_page(slug)
    if project is None:
        raise Http404
    if project.is_public:
        return project
    user = request.user
    # A hidden project too: its author learns why, and whether the decision can be appealed.
    if user.is_authenticated and (project.author_id == user.pk or user.is_moderator):
        return project
    raise Http404


@public_page
def project_detail(request, slug):
    project = _visible_project(request, slug)
    adoptions = selectors.project_adoptions(project)
    user = request.user
    can_adopt = project.is_public and user.is_authenticated and user.is_municipal_staff
    own_project = can_adopt and project.municipality_id == user.municipality_id
    can_adopt = can_adopt and not own_project
    own_adoption = None
    if can_adopt:
        own_adoption = next(
            (a for a in adoptions if a.municipality_id == user.municipality_id), None
        )
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "images": selectors.project_images(project),
            "adoptions": adoptions,
            "related": selectors.related_projects(project) if project.is_public else [],
            "is_author": user.is_authenticated and project.author_id == user.pk,
            "can_adopt": can_adopt,
            "own_municipality_project": own_project,
            "own_adoption": own_adoption,
            "adoption_form": AdoptionForm() if can_adopt and not own_adoption else None,
            "results": selectors.project_results(project),
            # Moderators work in admin, so they are is_staff: nobody else costs a query here.
            "can_feature": project.is_public and user.is_staff and user.is_moderator,
        },
    )


def project_image(request, token):
    """Uploaded images are served by token, as attachments of their checked type: an image of
    a published project for everyone, any other only to whoever uploaded it and to the
    moderators who decide on it."""
    image = get_object_or_404(ProjectImage.objects.select_related("project"), token=token)
    public = image.project is not None and image.project.is_public
    moderator = request.user.is_authenticated and request.user.is_moderator
    if not public and image.uploaded_by_id != request.user.pk and not moderator:
        raise Http404
    response = FileResponse(
        image.image.open("rb"),
        content_type=IMAGE_CONTENT_TYPES[image.format],
        as_attachment=True,
        filename=f"{image.token}.{image.format.lower()}",
    )
    response["Cache-Control"] = "public, max-age=86400" if public else "private, max-age=3600"
    return response


# --- submitting and editing -------------------------------------------------------------------


def _kept_images(request, tokens) -> list[ProjectImage]:
    """The user's own images that are not attached to a project yet, in the given order."""
    tokens = [t for t in tokens if t][:MAX_IMAGES]
    found = {
        image.token: image
        for image in ProjectImage.objects.filter(
            token__in=tokens, uploaded_by=request.user, project__isnull=True
        )
    }
    return [found[t] for t in tokens if t in found]


def _handle_project_form(request, *, project: Project | None):
    """Shared by submit and edit: upload new images first (so they survive an error), then
    call the service, and show its errors next to the fields."""
    if request.method != "POST":
        initial = {}
        if project is not None:
            source = project.pending_changes or {}
            initial = {name: getattr(project, name) for name in ProjectDataForm.base_fields}
            initial["theme"] = project.theme.slug
            initial.update({k: v for k, v in source.items() if k in ProjectForm.base_fields})
        form = ProjectForm(initial=initial)
        form.results = _results_formset(project)
        return form, [], None

    form = ProjectForm(request.POST, request.FILES)
    # A form without the results rows (an old page, a script) leaves the results as they are.
    has_results = "results-TOTAL_FORMS" in request.POST
    form.results = (
        ProjectResultFormSet(request.POST, prefix="results")
        if has_results
        else _results_formset(project)
    )
    images = _kept_images(request, request.POST.getlist("image_token"))
    for upload in request.FILES.getlist("images"):
        if len(images) >= MAX_IMAGES:
            form.add_error(None, _("You can add at most %(max)s images.") % {"max": MAX_IMAGES})
            break
        try:
            images.append(services.project_image_upload(uploaded_by=request.user, file=upload))
        except ValidationError as error:
            form.add_error("images", [f"{upload.name}: {m}" for m in error.messages])
    tokens = [image.token for image in images]
    form.is_valid()  # runs the field checks, so errors show next to the fields
    if form.errors or (has_results and not form.results.is_valid()):
        return form, images, None
    data = dict(form.cleaned_data)
    if has_results:
        data["results"] = form.results.results()
    try:
        if project is None:
            saved = services.project_submit(
                author=request.user, data=data, image_tokens=tokens, client=client_address(request)
            )
        else:
            saved = services.project_update(
                project=project, by=request.user, data=data, image_tokens=tokens
            )
    except ValidationError as error:
        add_service_errors(form, error)
        return form, images, None
    return form, images, saved


def _results_formset(project: Project | None) -> ProjectResultFormSet:
    """The results formset filled with the project's results (its pending edit's, if any)."""
    if project is None:
        return ProjectResultFormSet(prefix="results")
    pending = (project.pending_changes or {}).get("results")
    if pending is None:
        pending = list(project.results.values(*selectors.RESULT_FIELDS))
    return ProjectResultFormSet(prefix="results", initial=pending)


@verified_email_required
def project_submit(request):
    form, images, saved = _handle_project_form(request, project=None)
    if saved is not None:
        messages.success(request, _("Thank you! Your project has been received."))
        return redirect(saved.get_absolute_url())
    return render(
        request,
        "projects/project_form.html",
        {"form": form, "images": images, "project": None},
        status=400 if request.method == "POST" else 200,
    )


@verified_email_required
def project_edit(request, slug):
    project = get_object_or_404(Project.objects.select_related("theme"), slug=slug)
    if project.author_id != request.user.pk:
        raise Http404
    if project.state not in services.EDITABLE_IN_PLACE | {Project.State.PUBLISHED}:
        messages.error(request, _("This project can no longer be changed."))
        return redirect("projects:mine")
    form, images, saved = _handle_project_form(request, project=project)
    if saved is not None:
        if saved.pending_changes:
            messages.success(
                request,
                _("Thank you! Your changes are being checked before they are published."),
            )
        else:
            messages.success(request, _("Thank you! Your changes have been received."))
        return redirect("projects:mine")
    return render(
        request,
        "projects/project_form.html",
        {
            "form": form,
            "images": images,
            "project": project,
            "attached_images": selectors.project_images(project),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def my_projects(request):
    return render(
        request,
        "projects/my_projects.html",
        {"projects": selectors.projects_of_author(request.user)},
    )


@login_required
def project_withdraw(request, slug):
    """GET asks for confirmation; POST withdraws."""
    project = get_object_or_404(Project, slug=slug, author=request.user)
    if request.method != "POST":
        return render(request, "projects/project_withdraw.html", {"project": project})
    try:
        services.project_withdraw(project=project, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("The project has been withdrawn."))
    return redirect("projects:mine")


# --- adoptions --------------------------------------------------------------------------------


@require_POST
@login_required
def adoption_create(request, slug):
    project = get_object_or_404(Project, slug=slug)
    form = AdoptionForm(request.POST)
    if form.is_valid():
        try:
            services.adoption_create(
                project=project, by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your municipality is now shown as using this solution."))
    else:
        messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
    return redirect(reverse("projects:detail", args=[project.slug]) + "#adoptions")


@require_POST
@login_required
def adoption_delete(request, slug):
    project = get_object_or_404(Project, slug=slug)
    services.adoption_delete(project=project, by=request.user)
    messages.success(request, _("Your municipality is no longer shown as using this solution."))
    return redirect(reverse("projects:detail", args=[project.slug]) + "#adoptions")


@require_POST
@login_required
def project_feature(request, slug):
    """A moderator features (or stops featuring) a project as a success story."""
    project = get_object_or_404(Project, slug=slug)
    if not request.user.is_moderator:
        raise PermissionDenied
    try:
        if request.POST.get("featured") == "1":
            services.project_feature(project=project, by=request.user)
            messages.success(request, _("The project is now shown as a success story."))
        else:
            services.project_unfeature(project=project, by=request.user)
            messages.success(request, _("The project is no longer shown as a success story."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(project.get_absolute_url())


def theme_styles(request):
    """One small stylesheet with a class per theme (its colour), so that pages need neither a
    query for it nor inline styles, which the CSP forbids."""
    css = cache.get(THEME_CSS_CACHE_KEY)
    if css is None:
        rules = [
            f".theme-{theme.slug} {{ --theme-color: {theme.color}; }}"
            for theme in Theme.objects.only("slug", "color")
            if re.fullmatch(r"#[0-9a-fA-F]{6}", theme.color) and re.fullmatch(r"[-\w]+", theme.slug)
        ]
        css = "\n".join(rules) + "\n"
        cache.set(THEME_CSS_CACHE_KEY, css, 300)
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


@login_required
def project_report(request, slug):
    """A signed-in user reports a published project to the moderators (once)."""
    project = get_object_or_404(Project, slug=slug, state=Project.State.PUBLISHED)
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            try:
                review.project_report(
                    project=project,
                    reporter=request.user,
                    reason=form.cleaned_data["reason"],
                    text=form.cleaned_data["text"],
                )
            except AlreadyReported:
                messages.info(request, _("You have already reported this project."))
            else:
                messages.success(request, _("Thank you. A moderator will look at the project."))
            return redirect("projects:list" if _hidden_now(project) else project.get_absolute_url())
    else:
        form = ReportForm()
    return render(request, "projects/project_report.html", {"form": form, "project": project})


def _hidden_now(project: Project) -> bool:
    return not Project.objects.filter(pk=project.pk, state=Project.State.PUBLISHED).exists()
