from django.urls import path

from . import views

app_name = "catalogue"
urlpatterns = [
    path("datasets/", views.dataset_list, name="dataset_list"),
    path("datasets/<slug:slug>/", views.dataset_detail, name="dataset"),
    path("open-data/areas/", views.area_matrix, name="area_matrix"),
]
