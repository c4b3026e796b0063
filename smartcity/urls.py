from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from guides import views as guide_views

from . import embed, open_data, reach, views
from .sitemaps import SITEMAPS

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("mine/", views.mine, name="mine"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy_policy, name="privacy"),
    path("open-data/", open_data.open_data, name="open_data"),
    path("", include("catalogue.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("accounts.urls")),
    path("municipalities/", include("places.urls")),
    path("projects/", include("projects.urls")),
    path("forum/", include("forum.urls")),
    path("events/", include("events.urls")),
    path("guides/", include("guides.urls")),
    path("notifications/", include("participation.urls")),
    path("comments/", include("comments.urls")),
    path("appeals/", include("moderation.urls")),
    path("start/", guide_views.start, name="start"),
    path("embed/map/", embed.embed_map, name="embed_map"),
    path("search/", reach.search, name="search"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", reach.robots_txt, name="robots_txt"),
    path("api/", reach.api_landing, name="api_landing"),
    path("api/v1/", include("smartcity.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

# Uploaded files are never served from MEDIA_ROOT directly, not even locally: the projects'
# and the forum's own views check who may see an image before sending it.
