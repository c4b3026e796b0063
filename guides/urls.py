from django.urls import path

from . import feeds, views

app_name = "guides"
urlpatterns = [
    path("", views.guide_list, name="list"),
    path("new/", views.guide_create, name="create"),
    path("mine/", views.my_guides, name="mine"),
    path("feed/", feeds.SuccessFeed(), name="feed"),
    path("review/", views.review_queue, name="review"),
    path("review/<int:pk>/", views.version_detail, name="review_version"),
    path("review/<int:pk>/decide/", views.version_decide, name="decide"),
    path("<slug:slug>/", views.guide_detail, name="detail"),
    path("<slug:slug>/edit/", views.guide_edit, name="edit"),
    path("<slug:slug>/history/", views.guide_history, name="history"),
    path("<slug:slug>/reviewed/", views.guide_reviewed, name="reviewed"),
]
