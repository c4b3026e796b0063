from django.urls import path

from . import views

app_name = "comments"
urlpatterns = [
    path("<int:pk>/", views.comment_show, name="show"),
    path("<int:pk>/report/", views.comment_report, name="report"),
    path("on/<slug:slug>/", views.comment_create, name="create"),
]
