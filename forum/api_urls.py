from django.urls import path

from . import api

app_name = "forum-api"
urlpatterns = [
    path("threads/", api.ThreadList.as_view(), name="threads"),
    path("threads/<int:pk>/", api.ThreadDetail.as_view(), name="thread"),
    path("threads/<int:pk>/posts/", api.PostList.as_view(), name="thread-posts"),
    path("posts/", api.PostList.as_view(), name="posts"),
]
