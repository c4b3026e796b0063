from django.urls import path

from . import api

urlpatterns = [
    path("threads/", api.ThreadList.as_view(), name="forum-threads-list"),
    path("threads/<int:pk>/", api.ThreadDetail.as_view(), name="forum-threads-detail"),
    path("threads/<int:pk>/posts/", api.PostList.as_view(), name="forum-threads-posts"),
    path("posts/", api.PostList.as_view(), name="forum-posts-list"),
]
