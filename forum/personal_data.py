"""The forum's part of the data export and account deletion (see accounts/personal_data.py).

Posts and threads stay on deletion, shown as by a former user; what tracks the person
(subscriptions, read markers) is deleted."""

from django.utils.translation import gettext_lazy as _

from accounts.personal_data import Rows, iso, register

from .models import Post, Reaction, ReadCutoff, Subscription, ThreadRead


def _posts(user) -> Rows:
    posts = Post.objects.filter(author=user).select_related("thread").order_by("pk")
    return [
        {
            "thread": post.thread.title,
            "url": post.get_absolute_url(),
            "started_thread": post.thread.first_post_id == post.pk,
            "body": post.body,
            "state": post.state,
            "created_at": iso(post.created_at),
            "edited_at": iso(post.edited_at),
        }
        for post in posts
    ]


def _subscriptions(user) -> Rows:
    subscriptions = Subscription.objects.filter(user=user).select_related("thread", "category")
    return [
        {
            "thread": subscription.thread.title if subscription.thread_id else None,
            "category": subscription.category.name if subscription.category_id else None,
            "created_at": iso(subscription.created_at),
        }
        for subscription in subscriptions.order_by("pk")
    ]


def _reactions(user) -> Rows:
    reactions = Reaction.objects.filter(user=user).select_related("post__thread")
    return [
        {
            "post": reaction.post.get_absolute_url(),
            "thread": reaction.post.thread.title,
            "created_at": iso(reaction.created_at),
        }
        for reaction in reactions.order_by("pk")
    ]


def _erase(user) -> None:
    Subscription.objects.filter(user=user).delete()
    ThreadRead.objects.filter(user=user).delete()
    ReadCutoff.objects.filter(user=user).delete()


register(
    "forum_posts",
    title=_("Forum posts"),
    description=_("The posts you wrote in the forum."),
    fields={
        "thread": _("The thread's title"),
        "url": _("The post's address on the site"),
        "started_thread": _("Whether the post started the thread"),
        "body": _("What you wrote (Markdown)"),
        "state": _("published, needs_review, hidden …"),
        "created_at, edited_at": _("When you wrote and last edited it"),
    },
    export=_posts,
    erase=_erase,
)
register(
    "forum_subscriptions",
    title=_("Forum subscriptions"),
    description=_("The threads and categories you watch."),
    fields={
        "thread": _("A thread you watch"),
        "category": _("A category you watch"),
        "created_at": _("Since when"),
    },
    export=_subscriptions,
)
register(
    "forum_reactions",
    title=_("Posts you found useful"),
    description=_("Posts you marked as useful."),
    fields={
        "post": _("The post's address"),
        "thread": _("The thread's title"),
        "created_at": _("When"),
    },
    export=_reactions,
)
