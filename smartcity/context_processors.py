from django.conf import settings


def site(request):
    """Values every page template may use."""
    return {
        "SITE_NAME": "Smart City Danmark",
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
    }
