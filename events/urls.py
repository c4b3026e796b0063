from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("archive/", views.event_archive, name="archive"),
    path("new/", views.event_create, name="create"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/edit/", views.event_edit, name="edit"),
    path("<slug:slug>/cancel/", views.event_cancel, name="cancel"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/unregister/", views.unregister, name="unregister"),
    path("<slug:slug>/participants/", views.participants, name="participants"),
    path("<slug:slug>/participants.csv", views.participants_csv, name="participants_csv"),
]
