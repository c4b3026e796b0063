from .services import unread_count


def unread(request):
    """The header's unread count, for signed-in users only (anonymous pages stay cacheable).
    Read from the user row: no query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}
