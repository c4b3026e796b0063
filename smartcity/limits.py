"""Rate limits on what users write (submissions, forum posts): one mechanism for every app,
enforced in the services, so the form, the API and the admin give the same answer.

Each limit is a counter in the cache per user and window; the numbers are settings
(PROJECTS_SUBMISSIONS_PER_HOUR, FORUM_FLOOD_SECONDS, FORUM_POSTS_PER_HOUR). Moderators are not
limited. The API answers a reached limit with 429 and Retry-After."""

import time

from django.core.cache import cache
from django.core.exceptions import ValidationError


class LimitReached(ValidationError):
    """A limit stopped an action; the message (translated) says what to do, `retry_after`
    how many seconds until the window ends."""

    def __init__(self, message, *, code: str, params: dict | None = None, retry_after: int):
        super().__init__(message, code=code, params=params)
        self.retry_after = retry_after


def limit_check(
    *, user, scope: str, limit: int, per_seconds: int, message, params=None, ident: str = ""
) -> None:
    """Count one action of `user` in `scope`; raise LimitReached (with `message`) when it is
    more than `limit` in the current window of `per_seconds`. A limit of 0 seconds is off.
    `ident` counts by something else than the user (a client address) for the same scope."""
    if per_seconds <= 0 or getattr(user, "is_moderator", False):
        return
    now = time.time()
    window = int(now // per_seconds)
    key = f"limit:{scope}:{ident or user.pk}:{window}"
    cache.add(key, 0, timeout=per_seconds)
    if cache.incr(key) > limit:
        retry_after = max(int((window + 1) * per_seconds - now), 1)
        raise LimitReached(message, code=scope, params=params, retry_after=retry_after)
