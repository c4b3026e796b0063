"""Who may do what in the forum: the one place every view, API view, feed and selector asks.

- Anyone reads public categories; municipal staff and moderators also read staff-only ones.
- Municipal staff and moderators start threads, reply and mark posts useful.
- Any signed-in user may report a post. Moderators do everything else.

Checks take objects already in memory and make no queries beyond user.is_moderator, which
the User caches for the request.
"""

from django.db.models import Q

from .models import Category, Post, State, Thread


def is_member(user) -> bool:
    """A forum member: someone who may write (verified municipal staff or a moderator)."""
    return bool(
        user is not None
        and user.is_authenticated
        and (user.is_municipal_staff or user.is_moderator)
    )


def is_moderator(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_moderator)


def readable_visibilities(user) -> list[str]:
    if is_member(user):
        return [Category.Visibility.PUBLIC, Category.Visibility.STAFF]
    return [Category.Visibility.PUBLIC]


def can_read_category(user, category: Category) -> bool:
    return category.visibility in readable_visibilities(user)


def visible_states_q(user, prefix: str = "") -> Q:
    """Published content, plus the user's own content waiting for review; moderators see all."""
    if is_moderator(user):
        return Q()
    q = Q(**{f"{prefix}state": State.PUBLISHED})
    if user is not None and user.is_authenticated:
        q |= Q(**{f"{prefix}author": user, f"{prefix}state": State.NEEDS_REVIEW})
    return q


def can_read_thread(user, thread: Thread) -> bool:
    if not can_read_category(user, thread.category):
        return False
    return can_see(user, thread)


def can_see(user, obj: Thread | Post) -> bool:
    if obj.state == State.PUBLISHED or is_moderator(user):
        return True
    return (
        obj.state == State.NEEDS_REVIEW
        and user is not None
        and user.is_authenticated
        and obj.author_id == user.pk
    )


def can_start_thread(user, category: Category) -> bool:
    return is_member(user) and can_read_category(user, category)


def can_reply(user, thread: Thread) -> bool:
    if not is_member(user) or thread.state != State.PUBLISHED:
        return False
    return not thread.is_locked or is_moderator(user)


def can_edit_post(user, post: Post, thread: Thread) -> bool:
    if is_moderator(user):
        return True
    return (
        is_member(user)
        and post.author_id == user.pk
        and not thread.is_locked
        and post.state in (State.PUBLISHED, State.NEEDS_REVIEW)
    )


def can_mark_useful(user, post: Post) -> bool:
    return is_member(user) and post.author_id != user.pk and post.state == State.PUBLISHED


def can_mark_solution(user, thread: Thread, post: Post | None = None) -> bool:
    if post is not None and (post.thread_id != thread.pk or post.pk == thread.first_post_id):
        return False
    if is_moderator(user):
        return True
    return is_member(user) and thread.author_id == user.pk


def can_report(user, post: Post) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and post.author_id != user.pk
        and post.state == State.PUBLISHED
    )


def can_see_history(user) -> bool:
    return is_moderator(user)


def can_moderate(user) -> bool:
    return is_moderator(user)
