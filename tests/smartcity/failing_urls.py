"""The site's URLs plus one view that fails, to see the 500 page a visitor would get."""

from django.urls import path

from smartcity.urls import urlpatterns as site_urlpatterns


def broken_view(request):
    raise RuntimeError("Something broke")


urlpatterns = [path("broken/", broken_view), *site_urlpatterns]
