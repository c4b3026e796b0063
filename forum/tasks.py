"""Celery tasks of the forum: thin, they load the row and call the service."""

from celery import shared_task

from .models import Post
from .services import post_notify


@shared_task(acks_late=True, max_retries=3, default_retry_delay=30)
def notify_new_post(post_id: int, mentioned_ids: list[int] | None = None) -> int:
    post = Post.objects.select_related("author").filter(pk=post_id).first()
    if post is None:
        return 0
    return post_notify(post=post, mentioned_ids=mentioned_ids or ())
