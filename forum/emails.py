"""The forum's e-mails (sent with the site's one `send_templated`, in the member's language)."""

from django.urls import reverse
from django.utils.text import Truncator

from smartcity.emails import send_templated
from smartcity.links import absolute_url


def send_new_post_email(*, user, post, thread, mentioned: bool, token: str) -> None:
    context = {
        "post": post,
        "thread": thread,
        "mentioned": mentioned,
        "excerpt": Truncator(post.body).chars(600),
        "post_url": absolute_url(reverse("forum:post", args=[post.pk])),
        "unsubscribe_url": absolute_url(reverse("forum:unsubscribe", args=[token])),
    }
    send_templated(user, "forum/email/new_post", context)
