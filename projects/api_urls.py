from django.urls import path

from . import api

urlpatterns = [
    path("map/", api.MapView.as_view(), name="api-map"),
    path("projects/", api.ProjectList.as_view(), name="api-project-list"),
    path("projects/geojson/", api.ProjectGeoJSON.as_view(), name="api-project-geojson"),
    path("projects/csv/", api.ProjectCSV.as_view(), name="api-project-csv"),
    path("projects/<slug:slug>/", api.ProjectDetail.as_view(), name="api-project-detail"),
    path("themes/", api.ThemeList.as_view(), name="api-theme-list"),
    path("municipalities/", api.MunicipalityList.as_view(), name="api-municipality-list"),
]
