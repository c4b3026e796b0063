from .services import unread_count


def unread(request):
    """The header's unread count, for signed-in users only (anonymous pages stay cacheable).
    A callable: counted (or read from the cache) only when a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": lambda: unread_count(user)}
