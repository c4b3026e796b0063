from django.urls import path

from . import views

app_name = "moderation"
urlpatterns = [
    path("<slug:kind>/<int:pk>/", views.appeal_create, name="appeal"),
]
