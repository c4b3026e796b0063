"""The forum's e-mails, rendered in the site's default language (Danish)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator

from smartcity.text import one_line


def send_new_post_email(*, user, post, thread, mentioned: bool, token: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "post": post,
            "thread": thread,
            "mentioned": mentioned,
            "excerpt": Truncator(post.body).chars(600),
            "post_url": settings.SITE_URL + reverse("forum:post", args=[post.pk]),
            "unsubscribe_url": settings.SITE_URL + reverse("forum:unsubscribe", args=[token]),
        }
        # A header is one line (titles saved before they were normalised may hold breaks).
        subject = one_line(render_to_string("forum/email/new_post_subject.txt", context))
        body = render_to_string("forum/email/new_post.txt", context)
    send_mail(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        fail_silently=False,
    )
