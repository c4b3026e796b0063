from .services import unread_count


def unread(request):
    """The header's unread count, read from the user row (no query of its own). A callable,
    so a template that does not show it (an htmx fragment) never loads the session or user;
    the header shows it to signed-in users only, so anonymous pages stay cacheable."""

    def count() -> int:
        user = getattr(request, "user", None)
        return unread_count(user) if user is not None and user.is_authenticated else 0

    return {"unread_notifications": count}
