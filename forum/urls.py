from django.urls import path

from . import feeds, views

app_name = "forum"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.thread_new, name="thread_new"),
    path("search/", views.search, name="search"),
    path("mark-read/", views.mark_all_read, name="mark_all_read"),
    path("feed/", feeds.latest_threads_feed, name="feed"),
    path("c/<slug:slug>/", views.category_detail, name="category"),
    path("c/<slug:slug>/watch/", views.category_watch, name="category_watch"),
    path("c/<slug:slug>/feed/", feeds.category_feed, name="category_feed"),
    path("t/<int:pk>/", views.thread_detail, name="thread_short"),
    path("t/<int:pk>/reply/", views.thread_reply, name="thread_reply"),
    path("t/<int:pk>/watch/", views.thread_watch, name="thread_watch"),
    path("t/<int:pk>/moderate/", views.thread_moderate, name="thread_moderate"),
    # After the fixed t/<pk>/... routes, so a slug never shadows them.
    path("t/<int:pk>/<slug:slug>/", views.thread_detail, name="thread"),
    # A post's actions live below its URL; forum_tags.post_actions relies on it.
    path("p/<int:pk>/", views.post_redirect, name="post"),
    path("p/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("p/<int:pk>/history/", views.post_history, name="post_history"),
    path("p/<int:pk>/useful/", views.post_useful, name="post_useful"),
    path("p/<int:pk>/solution/", views.post_solution, name="post_solution"),
    path("p/<int:pk>/report/", views.post_report, name="post_report"),
    path("p/<int:pk>/moderate/", views.post_moderate, name="post_moderate"),
    path("attachments/<int:pk>/", views.attachment_image, name="attachment"),
    path("members/<int:pk>/", views.member_detail, name="member"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
