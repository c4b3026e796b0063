"""Read-only open-data API of the public forum: threads and published posts of public
categories. Authors appear by display name only."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound

from smartcity.open_data_api import CONDITIONAL, OpenDataPagination, OpenDataView

from .selectors import public_posts, public_threads


class ForumPagination(OpenDataPagination):
    page_size = 20
    max_page_size = 100


class ForumView(OpenDataView):
    """Threads change without one timestamp (locks, pins, edited titles): the answer's data is
    its validator, and the newest activity in it its Last-Modified."""

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        data = self.get_serializer(page, many=True).data
        response = self.get_paginated_response(data)
        return self.conditional_data(
            request, response.data, last_modified=_newest(page, self.timestamp_fields)
        )

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        data = self.get_serializer(instance).data
        return self.conditional_data(
            request, data, last_modified=_newest([instance], self.timestamp_fields)
        )


def _newest(rows, fields) -> object:
    stamps = [getattr(row, name) for row in rows for name in fields]
    return max((stamp for stamp in stamps if stamp is not None), default=None)


class ThreadSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    category = serializers.CharField(source="category.slug")
    category_name = serializers.CharField(source="category.name")
    author = serializers.CharField(source="author.display_name")
    created_at = serializers.DateTimeField()
    last_post_at = serializers.DateTimeField()
    post_count = serializers.IntegerField()
    is_solved = serializers.BooleanField()
    is_locked = serializers.BooleanField()
    url = serializers.SerializerMethodField()
    posts_url = serializers.SerializerMethodField()

    def get_url(self, thread) -> str:
        return self.context["request"].build_absolute_uri(thread.get_absolute_url())

    def get_posts_url(self, thread) -> str:
        from django.urls import reverse

        return self.context["request"].build_absolute_uri(
            reverse("api:forum-threads-posts", args=[thread.pk])
        )


class PostSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    thread = serializers.IntegerField(source="thread_id")
    author = serializers.CharField(source="author.display_name")
    created_at = serializers.DateTimeField()
    edited_at = serializers.DateTimeField(allow_null=True)
    body_html = serializers.CharField(help_text="Sanitised HTML.")
    useful_count = serializers.IntegerField()
    is_accepted_answer = serializers.SerializerMethodField()

    def get_is_accepted_answer(self, post) -> bool:
        return post.thread.solution_id == post.pk


THREAD_STAMPS = ("last_post_at", "created_at")
POST_STAMPS = ("edited_at", "created_at")


class ThreadList(ForumView, generics.ListAPIView):
    """Published threads in the public categories, latest activity first."""

    serializer_class = ThreadSerializer
    pagination_class = ForumPagination
    filter_backends = []
    timestamp_fields = THREAD_STAMPS

    @extend_schema(
        tags=["forum"],
        description="Published threads of the public categories, latest activity first."
        + CONDITIONAL,
        parameters=[OpenApiParameter("category", str, description="Category slug.")],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        threads = (
            public_threads().select_related("category", "author").order_by("-last_post_at", "-id")
        )
        category = self.request.query_params.get("category")
        if category:
            threads = threads.filter(category__slug=category)
        return threads


class ThreadDetail(ForumView, generics.RetrieveAPIView):
    serializer_class = ThreadSerializer
    timestamp_fields = THREAD_STAMPS

    @extend_schema(tags=["forum"], description="One public thread." + CONDITIONAL)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_object(self):
        return get_object_or_404(
            public_threads().select_related("category", "author"), pk=self.kwargs["pk"]
        )


class PostList(ForumView, generics.ListAPIView):
    """Published posts of a public thread, oldest first. Use /threads/<id>/posts/ or ?thread=."""

    serializer_class = PostSerializer
    pagination_class = ForumPagination
    filter_backends = []
    timestamp_fields = POST_STAMPS

    @extend_schema(
        tags=["forum"],
        description="Published posts of a public thread, oldest first." + CONDITIONAL,
        parameters=[OpenApiParameter("thread", int, description="Thread id.")],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        thread_id = self.kwargs.get("pk") or self.request.query_params.get("thread")
        try:
            thread_id = int(thread_id)
        except (TypeError, ValueError):
            raise NotFound(_("Give a thread id.")) from None
        if not public_threads().filter(pk=thread_id).exists():
            raise NotFound
        return (
            public_posts()
            .filter(thread_id=thread_id)
            .select_related("author", "thread")
            .order_by("created_at", "id")
        )
