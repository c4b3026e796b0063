"""The open-data API under /api/v1/: each app contributes its own routes, all named in the one
`api` namespace: `api:<resource>-list`, `api:<resource>-detail`, `api:<resource>-<format>`."""

from django.urls import include, path

app_name = "api"
urlpatterns = [
    path("", include("projects.api_urls")),
    path("", include("events.api_urls")),
    path("", include("catalogue.api_urls")),
    path("forum/", include("forum.api_urls")),
    path("", include("guides.api_urls")),
    path("", include("participation.api_urls")),
]
