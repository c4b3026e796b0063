"""Forum pages. Thin: read through selectors, write through services, ask permissions."""

import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from moderation.forms import ReportForm
from moderation.services import AlreadyReported
from smartcity.limits import LimitReached
from smartcity.page_cache import public_page

from . import fragments, permissions, selectors, services
from .forms import EditForm, ReplyForm, ThreadForm, ThreadModerationForm
from .models import Attachment, Category, Post, PostRevision, State, Thread


def _page_number(request):
    value = request.GET.get("page", 1)
    return "last" if value == "last" else value


def _not_allowed(request, message: str, status: int = 403):
    return render(request, "forum/not_allowed.html", {"message": message}, status=status)


def _readable_thread_or_404(request, pk: int) -> Thread:
    thread = selectors.thread_for_reader(pk=pk, user=request.user)
    if thread is None:
        # Staff-only and unpublished threads do not exist for those who may not read them.
        raise Http404
    return thread


def _readable_post_or_404(request, pk: int) -> Post:
    post = get_object_or_404(Post.objects.select_related("thread", "thread__category"), pk=pk)
    if not permissions.can_read_thread(request.user, post.thread):
        raise Http404
    if not permissions.can_see(request.user, post):
        raise Http404
    return post


def _back(request, fallback: str) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


# --- Reading ----------------------------------------------------------------------------------


@public_page
def index(request):
    categories = selectors.index_categories(user=request.user)
    return render(
        request,
        "forum/index.html",
        {
            "categories": categories,
            "can_write": permissions.is_member(request.user),
        },
    )


@public_page
def category_detail(request, slug):
    category = selectors.category_for_reader(slug=slug, user=request.user)
    if category is None:
        raise Http404
    if not permissions.can_read_category(request.user, category):
        if not request.user.is_authenticated:
            # A visitor who followed a link to a staff-only category is asked to sign in.
            return redirect_to_login(request.get_full_path())
        raise Http404
    page = selectors.category_threads(
        category=category, user=request.user, page_number=_page_number(request)
    )
    threads = list(page.object_list)
    fragments.attach_thread_rows(threads)
    return render(
        request,
        "forum/category.html",
        {
            "category": category,
            "page": page,
            "threads": threads,
            "is_watching": getattr(category, "is_watching", False),
            "can_write": permissions.can_start_thread(request.user, category),
        },
    )


def _quote_text(request, thread: Thread) -> str:
    try:
        quoted = Post.objects.select_related("author").get(
            pk=int(request.GET.get("quote", "")), thread=thread
        )
    except (ValueError, Post.DoesNotExist):
        return ""
    if not permissions.can_see(request.user, quoted):
        return ""
    lines = "\n".join(f"> {line}".rstrip() for line in quoted.body.splitlines())
    attribution = _("%(name)s wrote:") % {"name": f"@[{quoted.author.display_name}]"}
    return f"> {attribution}\n>\n{lines}\n\n"


@public_page
def thread_detail(request, pk, slug=None):
    thread = _readable_thread_or_404(request, pk)
    if slug != thread.slug:
        url = thread.get_absolute_url()
        if request.GET:
            url += "?" + request.GET.urlencode()
        return redirect(url, permanent=True)
    form = None
    if permissions.can_reply(request.user, thread):
        initial = {"body": _quote_text(request, thread)} if "quote" in request.GET else {}
        form = ReplyForm(initial=initial)
    return _render_thread(request, thread, form=form)


def _render_thread(request, thread: Thread, *, form=None, preview: str = "", status: int = 200):
    user = request.user
    data = selectors.thread_page(thread=thread, user=user, page_number=_page_number(request))
    is_moderator = permissions.is_moderator(user)
    can_solve = permissions.can_mark_solution(user, thread)
    # The posts' own URLs, which their actions hang below (see forum/urls.py): one reverse for
    # the page, as they differ in the id only.
    head, _zero, tail = reverse("forum:post", args=[0]).rpartition("/0/")
    for post in data.posts + ([data.solution] if data.solution else []):
        post.url = f"{head}/{post.pk}/{tail}"
        post.can_edit = permissions.can_edit_post(user, post, thread)
        post.can_report = permissions.can_report(user, post)
        post.can_useful = permissions.can_mark_useful(user, post)
        post.can_solve = can_solve and not post.is_opening and post.state == State.PUBLISHED
    fragments.attach_post_html(data.posts)
    if data.solution:
        fragments.attach_post_html([data.solution], id_prefix="answer-", compact=True)
    if user.is_authenticated and data.posts:
        last_post_id = max(p.pk for p in data.posts)
        if services.thread_read_is_stale(read=data.read, thread=thread, last_post_id=last_post_id):
            services.thread_mark_read(user=user, thread=thread, last_post_id=last_post_id)
    context = {
        "thread": thread,
        "category": thread.category,
        "data": data,
        "page": data.page,
        "posts": data.posts,
        "solution": data.solution,
        "form": form,
        "blank_form_html": fragments.blank_form_html(form),
        "preview": preview,
        "is_moderator": is_moderator,
        "can_reply": form is not None,
        "can_report_any": user.is_authenticated,
        "is_member": permissions.is_member(user),
        "move_categories": Category.objects.all() if is_moderator else (),
    }
    return render(request, "forum/thread.html", context, status=status)


def post_redirect(request, pk):
    """A stable link to one post: the page of its thread where it appears. Its author finds a
    hidden or rejected post on its appeal page (moderation.appeals)."""
    if (
        request.user.is_authenticated
        and Post.objects.filter(
            pk=pk, author=request.user, state__in=[State.HIDDEN, State.REJECTED]
        ).exists()
    ):
        return redirect("moderation:appeal", "forum_post", pk)
    post = _readable_post_or_404(request, pk)
    position = selectors.post_position(post=post, user=request.user)
    page = max(math.ceil(position / selectors.POSTS_PER_PAGE), 1)
    url = post.thread.get_absolute_url()
    if page > 1:
        url += f"?page={page}"
    return redirect(f"{url}#post-{post.pk}")


IMAGE_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def attachment_image(request, pk):
    """An attached image, for those who may read its post only: served as an attachment of a
    known image type (a staff-only thread's images are as private as its text)."""
    attachment = get_object_or_404(
        Attachment.objects.select_related("post", "post__thread", "post__thread__category"), pk=pk
    )
    post = attachment.post
    if not permissions.can_read_thread(request.user, post.thread) or not permissions.can_see(
        request.user, post
    ):
        raise Http404
    extension = attachment.image.name.rsplit(".", 1)[-1].lower()
    if extension not in IMAGE_TYPES:
        raise Http404
    response = FileResponse(
        attachment.image.open("rb"),
        content_type=IMAGE_TYPES[extension],
        as_attachment=True,
        filename=f"forum-{attachment.pk}.{extension}",
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


def member_detail(request, pk):
    """A forum member's public page: name, municipality, role and threads the reader may see."""
    member = get_object_or_404(User.objects.select_related("municipality"), pk=pk, is_active=True)
    if not permissions.is_member(member):
        raise Http404
    threads = (
        Thread.objects.filter(
            author=member,
            state=State.PUBLISHED,
            category__visibility__in=permissions.readable_visibilities(request.user),
        )
        .select_related("category")
        .order_by("-created_at")[:20]
    )
    return render(request, "forum/member.html", {"member": member, "threads": threads})


def search(request):
    query = request.GET.get("q", "").strip()
    page, hits = None, []
    if query:
        page, hits = selectors.search_posts(
            user=request.user, query=query, page_number=request.GET.get("page", 1)
        )
    return render(request, "forum/search.html", {"query": query, "page": page, "hits": hits})


# --- Writing ----------------------------------------------------------------------------------


def _apply_error(form, error: ValidationError, field: str | None = None) -> None:
    form.add_error(field, error)


def thread_new(request):
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={request.get_full_path()}")
    if not permissions.is_member(request.user):
        return _not_allowed(
            request, _("Only verified municipal staff and moderators can start threads.")
        )
    categories = selectors.readable_categories(request.user)
    project = None
    project_slug = request.GET.get("project") or request.POST.get("project")
    if project_slug:
        from projects.models import Project

        project = Project.objects.filter(slug=project_slug, state=Project.State.PUBLISHED).first()
    preview = ""
    if request.method == "POST":
        form = ThreadForm(request.POST, request.FILES, categories=categories)
        if form.is_valid():
            if "preview" in request.POST:
                preview = services.render_body(form.cleaned_data["body"])[0]
            else:
                try:
                    thread = services.thread_create(
                        author=request.user,
                        category=form.cleaned_data["category"],
                        title=form.cleaned_data["title"],
                        body=form.cleaned_data["body"],
                        images=form.cleaned_data["images"],
                        image_description=form.cleaned_data["image_description"],
                        project=project,
                    )
                except LimitReached as error:
                    _apply_error(form, error)
                except ValidationError as error:
                    _apply_error(form, error, "images")
                else:
                    if thread.state != State.PUBLISHED:
                        messages.info(
                            request,
                            _("Thanks! Your thread waits for a moderator before others see it."),
                        )
                    return redirect(thread.get_absolute_url())
    else:
        initial = {}
        category_slug = request.GET.get("category")
        if category_slug:
            initial["category"] = categories.filter(slug=category_slug).first()
        if project is not None:
            initial["title"] = project.title
            initial["body"] = (
                _("About the project [%(title)s](%(url)s):")
                % {
                    "title": project.title,
                    "url": request.build_absolute_uri(project.get_absolute_url()),
                }
                + "\n\n"
            )
        form = ThreadForm(initial=initial, categories=categories)
    return render(
        request,
        "forum/thread_form.html",
        {"form": form, "preview": preview, "project": project},
    )


@require_POST
def thread_reply(request, pk):
    thread = _readable_thread_or_404(request, pk)
    if not permissions.can_reply(request.user, thread):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={thread.get_absolute_url()}")
        return _not_allowed(request, _("You cannot reply to this thread."))
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        if "preview" in request.POST:
            preview = services.render_body(form.cleaned_data["body"])[0]
            return _render_thread(request, thread, form=form, preview=preview)
        try:
            post = services.post_create(
                author=request.user,
                thread=thread,
                body=form.cleaned_data["body"],
                images=form.cleaned_data["images"],
                image_description=form.cleaned_data["image_description"],
            )
        except LimitReached as error:
            _apply_error(form, error)
        except ValidationError as error:
            _apply_error(form, error, "images")
        else:
            if post.state != State.PUBLISHED:
                messages.info(
                    request, _("Thanks! Your reply waits for a moderator before others see it.")
                )
            return redirect("forum:post", post.pk)
    return _render_thread(request, thread, form=form, status=400)


def post_edit(request, pk):
    post = _readable_post_or_404(request, pk)
    thread = post.thread
    if not permissions.can_edit_post(request.user, post, thread):
        raise Http404 if not request.user.is_authenticated else PermissionDenied
    with_title = thread.first_post_id == post.pk
    preview = ""
    if request.method == "POST":
        form = EditForm(request.POST, with_title=with_title)
        if form.is_valid():
            if "preview" in request.POST:
                preview = services.render_body(form.cleaned_data["body"])[0]
            else:
                post = services.post_edit(
                    post=post,
                    by=request.user,
                    body=form.cleaned_data["body"],
                    title=form.cleaned_data.get("title"),
                )
                if post.state == State.PUBLISHED:
                    messages.success(request, _("Your changes are saved."))
                    return redirect("forum:post", post.pk)
                messages.info(
                    request, _("Your changes wait for a moderator before others see them.")
                )
                if permissions.can_see(request.user, post):
                    return redirect("forum:post", post.pk)
                return redirect(thread.category.get_absolute_url())
    else:
        form = EditForm(initial={"body": post.body, "title": thread.title}, with_title=with_title)
    return render(
        request,
        "forum/post_edit.html",
        {"form": form, "post": post, "thread": thread, "preview": preview},
    )


def post_history(request, pk):
    post = _readable_post_or_404(request, pk)
    if not permissions.can_see_history(request.user):
        raise Http404
    revisions = PostRevision.objects.filter(post=post).select_related("edited_by")
    return render(
        request,
        "forum/post_history.html",
        {"post": post, "thread": post.thread, "revisions": revisions},
    )


@login_required
@require_POST
def post_useful(request, pk):
    post = _readable_post_or_404(request, pk)
    if not permissions.can_mark_useful(request.user, post):
        raise PermissionDenied
    # The form says which state the member asked for, so a double click or a repeated request
    # marks once instead of toggling back and forth.
    wanted = {"1": True, "0": False}.get(request.POST.get("useful", ""))
    services.post_toggle_useful(post=post, user=request.user, useful=wanted)
    return _back(request, reverse("forum:post", args=[post.pk]))


@login_required
@require_POST
def post_solution(request, pk):
    post = _readable_post_or_404(request, pk)
    thread = post.thread
    if not permissions.can_mark_solution(request.user, thread, post):
        raise PermissionDenied
    unmark = thread.solution_id == post.pk
    services.thread_set_solution(thread=thread, post=None if unmark else post, by=request.user)
    if not unmark:
        messages.success(request, _("The reply is marked as the answer."))
    return redirect("forum:post", post.pk)


@login_required
def post_report(request, pk):
    post = _readable_post_or_404(request, pk)
    if not permissions.can_report(request.user, post):
        return _not_allowed(request, _("You cannot report this post."))
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            try:
                services.post_report(
                    post=post,
                    reporter=request.user,
                    reason=form.cleaned_data["reason"],
                    text=form.cleaned_data["text"],
                )
            except AlreadyReported:
                messages.info(request, _("You have already reported this post."))
            else:
                messages.success(request, _("Thank you. A moderator will look at the post."))
            return redirect(post.thread.get_absolute_url())
    else:
        form = ReportForm()
    return render(
        request, "forum/post_report.html", {"form": form, "post": post, "thread": post.thread}
    )


# --- Moderation in the page -------------------------------------------------------------------


@login_required
@require_POST
def post_moderate(request, pk):
    if not permissions.can_moderate(request.user):
        raise PermissionDenied
    post = get_object_or_404(Post.objects.select_related("thread", "thread__category"), pk=pk)
    action = request.POST.get("action")
    states = {"publish": State.PUBLISHED, "hide": State.HIDDEN, "reject": State.REJECTED}
    if action not in states:
        raise PermissionDenied
    services.post_set_state(
        post=post, state=states[action], by=request.user, note=request.POST.get("note", "")
    )
    messages.success(request, _("Done."))
    return redirect(post.thread.get_absolute_url() + f"#post-{post.pk}")


@login_required
@require_POST
def thread_moderate(request, pk):
    if not permissions.can_moderate(request.user):
        raise PermissionDenied
    thread = get_object_or_404(Thread.objects.select_related("category"), pk=pk)
    form = ThreadModerationForm(request.POST)
    if not form.is_valid():
        raise PermissionDenied
    services.thread_moderate(
        thread=thread,
        action=form.cleaned_data["action"],
        by=request.user,
        category=form.cleaned_data.get("category"),
    )
    messages.success(request, _("Done."))
    return redirect(thread.get_absolute_url())


# --- Watching and reading ---------------------------------------------------------------------


@login_required
@require_POST
def thread_watch(request, pk):
    thread = _readable_thread_or_404(request, pk)
    watch = request.POST.get("watch") == "1"
    services.thread_watch(user=request.user, thread=thread, watch=watch)
    messages.success(
        request,
        _("You now watch this thread.") if watch else _("You no longer watch this thread."),
    )
    return redirect(thread.get_absolute_url())


@login_required
@require_POST
def category_watch(request, slug):
    category = get_object_or_404(Category, slug=slug)
    if not permissions.can_read_category(request.user, category):
        raise Http404
    watch = request.POST.get("watch") == "1"
    services.category_watch(user=request.user, category=category, watch=watch)
    messages.success(
        request,
        _("You now watch this category.") if watch else _("You no longer watch this category."),
    )
    return redirect(category.get_absolute_url())


@login_required
@require_POST
def mark_all_read(request):
    services.mark_all_read(user=request.user)
    messages.success(request, _("Everything is marked as read."))
    return redirect("forum:index")


def unsubscribe(request, token):
    """The link in every e-mail: works without signing in. GET asks, POST does it."""
    try:
        signing.loads(token, salt=services.UNSUBSCRIBE_SALT, max_age=60 * 60 * 24 * 365)
    except signing.BadSignature:
        return _not_allowed(request, _("This unsubscribe link is not valid."), status=400)
    done = False
    if request.method == "POST":
        services.unsubscribe(token=token)
        done = True
    return render(request, "forum/unsubscribe.html", {"done": done})
