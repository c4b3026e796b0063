from django.urls import path

from . import api

urlpatterns = [
    path("datasets/", api.DatasetList.as_view(), name="datasets-list"),
    path("datasets/<slug:slug>/", api.DatasetDetail.as_view(), name="datasets-detail"),
    path("data-areas/", api.DataAreaList.as_view(), name="data-areas-list"),
    path("data-areas/matrix/", api.MatrixView.as_view(), name="data-areas-matrix"),
    path("dcat/catalog.ttl", api.DcatTurtle.as_view(), name="dcat-ttl"),
    path("dcat/catalog.jsonld", api.DcatJSONLD.as_view(), name="dcat-jsonld"),
]
