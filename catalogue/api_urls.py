from django.urls import path

from . import api

urlpatterns = [
    path("datasets/", api.DatasetList.as_view(), name="api-dataset-list"),
    path("datasets/<slug:slug>/", api.DatasetDetail.as_view(), name="api-dataset-detail"),
    path("data-areas/", api.DataAreaList.as_view(), name="api-data-area-list"),
    path("data-areas/matrix/", api.MatrixView.as_view(), name="api-data-area-matrix"),
    path("dcat/catalog.ttl", api.DcatTurtle.as_view(), name="api-dcat-ttl"),
    path("dcat/catalog.jsonld", api.DcatJSONLD.as_view(), name="api-dcat-jsonld"),
]
