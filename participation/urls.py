from django.urls import path

from . import views

app_name = "participation"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.read_all, name="read_all"),
    path("follow/", views.follow, name="follow"),
    path("settings/", views.preferences, name="settings"),
    path("alerts/", views.alert_add, name="alert_add"),
    path("alerts/<int:pk>/delete/", views.alert_remove, name="alert_remove"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
