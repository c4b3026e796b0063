from django.urls import path

from . import privacy_views, views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/staff-request/", views.staff_request, name="staff_request"),
    path("export/", privacy_views.export, name="export"),
    path("export/<str:token>/", privacy_views.export_download, name="export_download"),
    path("delete/", privacy_views.delete, name="delete"),
]
