from django.urls import path

from . import feeds, views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("submit/", views.project_submit, name="submit"),
    path("mine/", views.my_projects, name="mine"),
    path("feed/", feeds.NewProjectsFeed(), name="feed"),
    path("themes.css", views.theme_styles, name="theme_styles"),
    path("images/<str:token>/", views.project_image, name="image"),
    path("<slug:slug>/", views.project_detail, name="detail"),
    path("<slug:slug>/edit/", views.project_edit, name="edit"),
    path("<slug:slug>/withdraw/", views.project_withdraw, name="withdraw"),
    path("<slug:slug>/adopt/", views.adoption_create, name="adopt"),
    path("<slug:slug>/unadopt/", views.adoption_delete, name="unadopt"),
    path("<slug:slug>/report/", views.project_report, name="report"),
    path("<slug:slug>/feature/", views.project_feature, name="feature"),
]
