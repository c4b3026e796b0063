from django.urls import path

from . import api

app_name = "guides-api"
urlpatterns = [
    path("guides/", api.GuideList.as_view(), name="list"),
    path("guides/<slug:slug>/", api.GuideDetail.as_view(), name="detail"),
]
