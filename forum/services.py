"""Writes on the forum. Views, admin actions, the API and Celery tasks all go through these.

Every moderation step (automatic or by a moderator) is recorded in the shared audit log.
"""

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moderation.models import ModerationDecision
from moderation.rules import comparable_text, velocity_window
from moderation.screening import Content, ScreeningResult, screen_and_decide
from moderation.services import (
    action_for_state_change,
    decision_record,
    report_submit,
    reports_resolve,
    screening_record,
)
from participation import services as participation
from smartcity import search
from smartcity.activity import Kind, announce
from smartcity.enqueue import delay_on_commit
from smartcity.images import clean_image
from smartcity.limits import limit_check
from smartcity.markdown import render_markdown
from smartcity.text import one_line

from . import permissions
from .mentions import forum_members_named, link_mentions, mentioned_names
from .models import (
    Attachment,
    Category,
    Post,
    PostRevision,
    Reaction,
    ReadCutoff,
    State,
    Subscription,
    Thread,
    ThreadRead,
)

UNSUBSCRIBE_SALT = "forum.unsubscribe"
Action = ModerationDecision.Action


# --- Moderation bridge: the shared screening engine and audit log ---------------------------


def _verdict(
    *, author, title: str, body: str, editing: Post | None = None
) -> tuple[str, ScreeningResult]:
    """Screen new content (or an edit of `editing`) with the shared engine; return the state
    it starts in."""
    now = timezone.now()
    mine = Post.objects.filter(author=author)
    if editing is not None:  # an edit is neither velocity nor a duplicate of itself
        mine = mine.exclude(pk=editing.pk)
    # The author's own recent posts are the duplicate candidates (copy-paste spam): a thread's
    # opening post with its title, a reply on its own, as the new post is.
    recent_posts = (
        mine.filter(created_at__gte=now - timedelta(days=1))
        .select_related("thread")
        .only("id", "body", "thread__title", "thread__first_post_id")
        .order_by("-id")[:5]
    )
    texts = {"title": title, "body": body} if title else {"body": body}
    content = Content(
        kind="forum_post",
        texts=texts,
        author=author,
        duplicates_of=[(f"#{p.pk}", comparable_text(_post_texts(p))) for p in recent_posts],
    )
    result, verdict = screen_and_decide(
        content=content,
        own_items=mine,
        published=Q(state=State.PUBLISHED),
        # The velocity window is the forum's own (short) one; the rule names the same window.
        recent_since=now - velocity_window("forum_post"),
    )
    return verdict.state, result


def _post_texts(post: Post) -> dict[str, str]:
    if post.thread.first_post_id == post.pk:
        return {"title": post.thread.title, "body": post.body}
    return {"body": post.body}


# --- Rendering --------------------------------------------------------------------------------


def render_body(text: str) -> tuple[str, list]:
    """Return (sanitised HTML, mentioned members) for a post's Markdown."""
    members = forum_members_named(mentioned_names(text))
    html = render_markdown(link_mentions(text, members))
    return html, list(members.values())


# The stored vector of a post: its thread's title (weight A) on the opening post, the body
# (weight C), built by smartcity.search like every other search vector on the site.
POST_VECTOR_PARTS = [
    ("CASE WHEN t.first_post_id = {row}.id THEN t.title ELSE '' END", "A"),
    ("{row}.body", "C"),
]


def post_search_vector_update(*, post_ids: Iterable[int] | None = None) -> None:
    """Rebuild the stored search vectors (PostgreSQL only; see smartcity.search)."""
    search.vector_update(
        table="forum_post",
        parts=POST_VECTOR_PARTS,
        ids=post_ids,
        join="forum_thread AS t",
        join_condition="t.id = item.thread_id",
    )


# --- Counters ---------------------------------------------------------------------------------


def thread_refresh(*, thread: Thread) -> Thread:
    published = thread.posts.filter(state=State.PUBLISHED)
    stats = published.aggregate(count=Count("id"), last=Max("created_at"))
    last = published.order_by("-created_at", "-id").only("author_id").first()
    thread.post_count = stats["count"]
    thread.last_post_at = stats["last"] or thread.created_at
    thread.last_poster_id = last.author_id if last else thread.author_id
    thread.save(update_fields=["post_count", "last_post_at", "last_poster"])
    return thread


def category_refresh(*, category: Category) -> Category:
    threads = category.threads.filter(state=State.PUBLISHED)
    stats = threads.aggregate(
        count=Count("id", distinct=True),
        posts=Count("posts", filter=Q(posts__state=State.PUBLISHED)),
    )
    last = threads.order_by("-last_post_at", "-id").only("id", "last_post_at").first()
    category.thread_count = stats["count"]
    category.post_count = stats["posts"]
    category.last_thread = last
    category.last_post_at = last.last_post_at if last else None
    category.save(update_fields=["thread_count", "post_count", "last_thread", "last_post_at"])
    return category


# --- Rate limits ------------------------------------------------------------------------------


def check_rate_limit(*, user) -> None:
    """Flood control (one post per FORUM_FLOOD_SECONDS) and an hourly cap (smartcity.limits).

    Raises LimitReached with a message in the user's language. Moderators are exempt."""
    limit_check(
        user=user,
        scope="forum_flood",
        limit=1,
        per_seconds=settings.FORUM_FLOOD_SECONDS,
        message=_(
            "You are posting too fast. Please wait %(seconds)s seconds and send it again "
            "— your text is kept below."
        ),
        params={"seconds": settings.FORUM_FLOOD_SECONDS},
    )
    limit_check(
        user=user,
        scope="forum_hourly",
        limit=settings.FORUM_POSTS_PER_HOUR,
        per_seconds=3600,
        message=_(
            "You have reached the limit of %(limit)s posts an hour. Please try again later "
            "— your text is kept below."
        ),
        params={"limit": settings.FORUM_POSTS_PER_HOUR},
    )


# --- Writing ----------------------------------------------------------------------------------


def _clean_images(images) -> list:
    images = [image for image in images or () if image]
    if len(images) > settings.FORUM_MAX_ATTACHMENTS:
        raise ValidationError(
            _("At most %(count)s images per post."),
            code="too_many_images",
            params={"count": settings.FORUM_MAX_ATTACHMENTS},
        )
    return [clean_image(image) for image in images]


def _save_attachments(*, post: Post, cleaned: list, description: str = "") -> None:
    for number, image in enumerate(cleaned, start=1):
        attachment = Attachment(
            post=post, width=image.width, height=image.height, alt_text=description.strip()
        )
        attachment.image.save(
            f"post-{post.pk}-{number}.{image.extension}", image.content, save=False
        )
        attachment.save()


def _after_new_post(*, post: Post, thread: Thread, mentioned: list) -> None:
    thread_refresh(thread=thread)
    category_refresh(category=thread.category)
    post_search_vector_update(post_ids=[post.pk])
    # Authors follow what they start or reply to.
    participation.follow_own(user=post.author, target=thread)
    if post.state == State.PUBLISHED:
        _enqueue_notifications(post=post, mentioned=mentioned)


def _enqueue_notifications(*, post: Post, mentioned: list) -> None:
    """A post became public: e-mail the watchers, and tell the followers (a new thread about
    a project is news for the project's followers when anyone may read it)."""
    from .tasks import notify_new_post

    delay_on_commit(notify_new_post, post.pk, [member.pk for member in mentioned])
    thread = post.thread
    if thread.first_post_id != post.pk:
        announce(thread, Kind.REPLIED, actor=post.author, post=post.pk)
    elif thread.project_id and thread.category.is_public:
        announce(thread.project, Kind.THREAD_LINKED, actor=post.author, thread=thread.title)


def thread_create(
    *,
    author,
    category: Category,
    title: str,
    body: str,
    images=(),
    image_description: str = "",
    project=None,
    enforce_rate_limit: bool = True,
) -> Thread:
    if not permissions.can_start_thread(author, category):
        raise PermissionDenied("Only forum members may start threads in this category.")
    title, body = one_line(title), body.strip()
    cleaned = _clean_images(images)
    if enforce_rate_limit:
        check_rate_limit(user=author)
    state, screening = _verdict(author=author, title=title, body=body)
    html, mentioned = render_body(body)
    with transaction.atomic():
        thread = Thread.objects.create(
            category=category, title=title, author=author, project=project, state=state
        )
        post = Post.objects.create(
            thread=thread,
            author=author,
            body=body,
            body_html=html,
            state=state,
            screening={"score": screening.score, "reasons": screening.as_json()},
        )
        thread.first_post = post
        thread.save(update_fields=["first_post"])
        _save_attachments(post=post, cleaned=cleaned, description=image_description)
        _record_screening(post=post, state=state, screening=screening)
        _after_new_post(post=post, thread=thread, mentioned=mentioned)
    return thread


def post_create(
    *,
    author,
    thread: Thread,
    body: str,
    images=(),
    image_description: str = "",
    enforce_rate_limit: bool = True,
) -> Post:
    if not permissions.can_reply(author, thread):
        raise PermissionDenied("This member may not reply to this thread.")
    body = body.strip()
    cleaned = _clean_images(images)
    if enforce_rate_limit:
        check_rate_limit(user=author)
    state, screening = _verdict(author=author, title="", body=body)
    html, mentioned = render_body(body)
    with transaction.atomic():
        post = Post.objects.create(
            thread=thread,
            author=author,
            body=body,
            body_html=html,
            state=state,
            screening={"score": screening.score, "reasons": screening.as_json()},
        )
        _save_attachments(post=post, cleaned=cleaned, description=image_description)
        _record_screening(post=post, state=state, screening=screening)
        _after_new_post(post=post, thread=thread, mentioned=mentioned)
    return post


def _record_screening(*, post: Post, state: str, screening: ScreeningResult) -> None:
    screening_record(obj=post, state=state, result=screening, note="forum: automatic screening")


def post_edit(*, post: Post, by, body: str, title: str | None = None) -> Post:
    """Change a post (and the thread's title with its opening post). The edit goes through the
    same screening as new posts: what would have waited for a moderator, or been rejected, as
    a new post is taken down until a moderator looks. A moderator's own correction is not
    screened; it is recorded in the audit log."""
    thread = post.thread
    if not permissions.can_edit_post(by, post, thread):
        raise PermissionDenied("This user may not edit this post.")
    body = body.strip()
    is_opening = thread.first_post_id == post.pk
    new_title = one_line(title) if (title is not None and is_opening) else thread.title
    if body == post.body and new_title == thread.title:
        return post
    html, mentioned = render_body(body)
    screening = None
    if not permissions.can_moderate(by):
        state, screening = _verdict(
            author=post.author, title=new_title if is_opening else "", body=body, editing=post
        )
    with transaction.atomic():
        PostRevision.objects.create(
            post=post, body=post.body, title=thread.title if is_opening else "", edited_by=by
        )
        post.body, post.body_html, post.edited_at = body, html, timezone.now()
        fields = ["body", "body_html", "edited_at"]
        if screening is not None:
            post.screening = {"score": screening.score, "reasons": screening.as_json()}
            fields.append("screening")
        post.save(update_fields=fields)
        if new_title != thread.title:
            thread.title = new_title
            thread.save(update_fields=["title"])
        post_search_vector_update(post_ids=[post.pk])
        if by.pk != post.author_id:  # a moderator's correction belongs in the audit log
            decision_record(obj=post, action=Action.EDIT, actor=by)
        if screening is not None and state != State.PUBLISHED and post.state != state:
            if post.state in (State.PUBLISHED, State.NEEDS_REVIEW):
                post_set_state(
                    post=post, state=state, by=None, reasons=screening, note="forum: edit screened"
                )
    return post


def post_toggle_useful(*, post: Post, user, useful: bool | None = None) -> bool:
    """Mark (useful=True) or unmark (False) a post as useful, or toggle it (None); returns
    whether it is marked now. Safe under concurrent requests: the unique constraint decides
    which insert counts, and only the request that inserted or deleted the mark moves the
    counter."""
    if not permissions.can_mark_useful(user, post):
        raise PermissionDenied("This user may not mark this post useful.")
    if useful is None:
        useful = not Reaction.objects.filter(post=post, user=user).exists()
    with transaction.atomic():
        if useful:
            try:
                with transaction.atomic():
                    Reaction.objects.create(post=post, user=user)
                changed = True
            except IntegrityError:  # already marked, perhaps by a simultaneous request
                changed = False
        else:
            changed = Reaction.objects.filter(post=post, user=user).delete()[0] > 0
        if changed:
            step = 1 if useful else -1
            Post.objects.filter(pk=post.pk).update(useful_count=F("useful_count") + step)
    return useful


def thread_set_solution(*, thread: Thread, post: Post | None, by) -> Thread:
    """Mark one reply as the accepted answer (or none)."""
    if not permissions.can_mark_solution(by, thread, post):
        raise PermissionDenied("Only the thread's author or a moderator marks the answer.")
    if post is not None and post.state != State.PUBLISHED:
        raise ValidationError(_("Only a published reply can be the answer."))
    thread.solution = post
    thread.save(update_fields=["solution"])
    return thread


# --- Moderation -------------------------------------------------------------------------------


def _require_moderator(by) -> None:
    if by is not None and not permissions.can_moderate(by):
        raise PermissionDenied("Only moderators may do this.")


def post_set_state(
    *, post: Post, state: str, by, note: str = "", reasons=(), action: str | None = None
) -> Post:
    """Publish, hide or reject a post (by=None: the system, e.g. after reports).

    A moderator's decision also closes the open reports on the post."""
    _require_moderator(by)
    if state not in State.values:
        raise ValueError(f"Unknown state {state!r}")
    previous = post.state
    thread = post.thread
    if action is None:
        action = action_for_state_change(previous, state)
    with transaction.atomic():
        post.state = state
        post.save(update_fields=["state"])
        if thread.first_post_id == post.pk and thread.state != state:
            thread.state = state
            thread.save(update_fields=["state"])
        if thread.solution_id == post.pk and state != State.PUBLISHED:
            thread.solution = None
            thread.save(update_fields=["solution"])
        decision_record(obj=post, action=action, actor=by, reasons=reasons, note=note)
        if by is not None:
            reports_resolve(obj=post, by=by, upheld=state in (State.HIDDEN, State.REJECTED))
        thread_refresh(thread=thread)
        category_refresh(category=thread.category)
        if state == State.PUBLISHED and previous == State.NEEDS_REVIEW:
            members = forum_members_named(mentioned_names(post.body))
            _enqueue_notifications(post=post, mentioned=list(members.values()))
    return post


def post_publish(*, post: Post, by, note: str = "") -> Post:
    return post_set_state(post=post, state=State.PUBLISHED, by=by, note=note)


def post_hide(*, post: Post, by, note: str = "") -> Post:
    return post_set_state(post=post, state=State.HIDDEN, by=by, note=note)


def thread_moderate(*, thread: Thread, action: str, by, category: Category | None = None) -> Thread:
    """lock, unlock, pin, unpin, hide, publish or move (to `category`) a thread."""
    _require_moderator(by)
    changes = {
        "lock": {"is_locked": True},
        "unlock": {"is_locked": False},
        "pin": {"is_pinned": True},
        "unpin": {"is_pinned": False},
        "hide": {"state": State.HIDDEN},
        "publish": {"state": State.PUBLISHED},
        "restore": {"state": State.PUBLISHED},
    }
    old_category = thread.category
    note = ""
    if action == "publish" and thread.state == State.HIDDEN:
        action = "restore"
    if action == "move":
        if category is None:
            raise ValueError("Moving a thread needs a category.")
        fields = {"category": category}
        note = f"{old_category.slug} → {category.slug}"
    elif action in changes:
        fields = changes[action]
    else:
        raise ValueError(f"Unknown thread action {action!r}")
    with transaction.atomic():
        for name, value in fields.items():
            setattr(thread, name, value)
        thread.save(update_fields=list(fields))
        if "state" in fields and thread.first_post_id:
            Post.objects.filter(pk=thread.first_post_id).update(state=fields["state"])
        decision_record(obj=thread, action=Action(action), actor=by, note=note)
        category_refresh(category=thread.category)
        if action == "move":
            category_refresh(category=old_category)
    return thread


# --- Watching and reading ---------------------------------------------------------------------


def thread_watch(*, user, thread: Thread, watch: bool) -> None:
    if watch:
        if not permissions.can_read_thread(user, thread):
            raise PermissionDenied("Cannot watch what you cannot read.")
    participation.follow_set(user=user, target=thread, follow=watch)


def category_watch(*, user, category: Category, watch: bool) -> None:
    if watch:
        if not permissions.can_read_category(user, category):
            raise PermissionDenied("Cannot watch what you cannot read.")
        Subscription.objects.get_or_create(user=user, category=category)
    else:
        Subscription.objects.filter(user=user, category=category).delete()


def thread_read_is_stale(*, read: ThreadRead | None, thread: Thread, last_post_id: int) -> bool:
    """Whether a visit must write the read marker: something is new to the reader, or an
    e-mail was sent since their last visit (the visit re-arms it). A reader reloading a
    thread they have fully read costs no write."""
    if read is None or read.last_read_at is None:
        return True
    if read.notified_at is not None and read.notified_at > read.last_read_at:
        return True
    if thread.last_post_at and thread.last_post_at > read.last_read_at:
        return True
    return (read.last_read_post_id or 0) < last_post_id


def thread_mark_read(*, user, thread: Thread, last_post_id: int | None) -> None:
    """One upsert: the member has now seen the thread (which also re-arms e-mails)."""
    ThreadRead.objects.bulk_create(
        [
            ThreadRead(
                user=user,
                thread=thread,
                last_read_at=timezone.now(),
                last_read_post_id=last_post_id,
            )
        ],
        update_conflicts=True,
        unique_fields=["user", "thread"],
        update_fields=["last_read_at", "last_read_post_id"],
    )


def mark_all_read(*, user) -> None:
    from .selectors import read_cutoff_cache_key

    now = timezone.now()
    ReadCutoff.objects.update_or_create(user=user, defaults={"all_read_at": now})
    cache.set(read_cutoff_cache_key(user.pk), now, timeout=24 * 3600)


def unsubscribe_token(
    *, user, thread: Thread | None = None, category: Category | None = None
) -> str:
    payload = {"u": user.pk}
    if thread is not None:
        payload["t"] = thread.pk
    if category is not None:
        payload["c"] = category.pk
    return signing.dumps(payload, salt=UNSUBSCRIBE_SALT)


def unsubscribe(*, token: str) -> Subscription | None:
    """Delete the subscription a signed token names. Raises signing.BadSignature."""
    payload = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=60 * 60 * 24 * 365)
    subscriptions = Subscription.objects.filter(user_id=payload["u"])
    if "t" in payload:  # watching a thread is following it
        participation.followers_of(Thread).filter(
            user_id=payload["u"], object_id=payload["t"]
        ).delete()
        return None
    elif "c" in payload:
        subscriptions = subscriptions.filter(category_id=payload["c"])
    else:
        return None
    subscriptions.delete()
    return None


# --- Reports ----------------------------------------------------------------------------------


def post_report(*, post: Post, reporter, reason: str, text: str) -> int:
    """Report a post, once per user (raises AlreadyReported). When the reports' weight reaches
    the threshold (moderation.services.report_submit) the post waits for a moderator.

    Returns the number of distinct open reporters."""
    if not permissions.can_report(reporter, post):
        raise PermissionDenied("This user may not report this post.")

    def take_down(why) -> None:
        post_set_state(
            post=post,
            state=State.NEEDS_REVIEW,
            by=None,
            action=Action.REPORT_HIDE,
            reasons=[why],
            note=why.message,
        )

    tally = report_submit(
        obj=post,
        reporter=reporter,
        reason=reason,
        text=text,
        is_public=post.state == State.PUBLISHED,
        take_down=take_down,
    )
    return tally.reporters


# --- Notifications ----------------------------------------------------------------------------


def _claim_notification(*, user_id: int, thread: Thread) -> bool:
    """Atomically claim the right to e-mail this member about this thread: only when they
    were never e-mailed about it or have visited it since the last e-mail."""
    ThreadRead.objects.bulk_create(
        [ThreadRead(user_id=user_id, thread=thread)], ignore_conflicts=True
    )
    claimed = (
        ThreadRead.objects.filter(user_id=user_id, thread=thread)
        .filter(Q(notified_at__isnull=True) | Q(last_read_at__gte=F("notified_at")))
        .update(notified_at=timezone.now())
    )
    return claimed == 1


def post_notify(*, post: Post, mentioned_ids: Iterable[int] = ()) -> int:
    """E-mail the thread's and category's watchers and the mentioned members about a new
    published post. Never the author; at most one e-mail per thread until they visit it.

    Returns the number of e-mails sent."""
    from accounts.models import User

    from .emails import send_new_post_email

    if post.state != State.PUBLISHED:
        return 0
    thread = Thread.objects.select_related("category").get(pk=post.thread_id)
    if thread.state != State.PUBLISHED:
        return 0
    thread_watchers = set(
        participation.followers_of(Thread)
        .filter(object_id=thread.pk)
        .values_list("user_id", flat=True)
    )
    category_watchers = set(
        Subscription.objects.filter(category=thread.category_id).values_list("user_id", flat=True)
    )
    mentioned = set(mentioned_ids)
    recipient_ids = (thread_watchers | category_watchers | mentioned) - {post.author_id}
    # Watchers who chose a digest (or no e-mail) for replies get none at once; mentions do.
    preferences = participation.preferences_of(recipient_ids - mentioned)
    recipient_ids -= {
        user_id
        for user_id, chosen in preferences.items()
        if chosen[Kind.REPLIED] != participation.Frequency.IMMEDIATELY
    }
    recipients = User.objects.filter(pk__in=recipient_ids, is_active=True).select_related(
        "municipality"
    )
    sent = 0
    for user in recipients.order_by("pk"):
        if not permissions.can_read_thread(user, thread):
            continue
        if not _claim_notification(user_id=user.pk, thread=thread):
            continue
        if user.pk in category_watchers and user.pk not in thread_watchers:
            token = unsubscribe_token(user=user, category=thread.category)
        else:
            token = unsubscribe_token(user=user, thread=thread)
        send_new_post_email(
            user=user, post=post, thread=thread, mentioned=user.pk in mentioned, token=token
        )
        sent += 1
    return sent
