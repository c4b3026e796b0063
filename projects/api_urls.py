from django.urls import path

from places.api import MunicipalityList

from . import api

urlpatterns = [
    path("map/", api.MapView.as_view(), name="map"),
    path("projects/", api.ProjectList.as_view(), name="projects-list"),
    path("projects/geojson/", api.ProjectGeoJSON.as_view(), name="projects-geojson"),
    path("projects/csv/", api.ProjectCSV.as_view(), name="projects-csv"),
    path("projects/similar/", api.SimilarProjects.as_view(), name="projects-similar"),
    path("projects/<slug:slug>/", api.ProjectDetail.as_view(), name="projects-detail"),
    path("themes/", api.ThemeList.as_view(), name="themes-list"),
    path("municipalities/", MunicipalityList.as_view(), name="municipalities-list"),
]
