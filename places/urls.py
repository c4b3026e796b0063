from django.urls import path

from . import views

app_name = "places"
urlpatterns = [
    path("", views.municipality_list, name="municipality_list"),
    path("point-check/", views.point_check, name="point_check"),
    path("<slug:slug>/", views.municipality_detail, name="municipality"),
]
