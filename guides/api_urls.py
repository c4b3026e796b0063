from django.urls import path

from . import api

urlpatterns = [
    path("guides/", api.GuideList.as_view(), name="guides-list"),
    path("guides/<slug:slug>/", api.GuideDetail.as_view(), name="guides-detail"),
]
