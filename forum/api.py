"""Read-only open-data API of the public forum: threads and published posts of public
categories. Authors appear by display name only."""

from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response, set_response_etag
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination

from .selectors import public_posts, public_threads


class ConditionalGetMixin:
    """Public JSON carries an ETag (a hash of the answer) and honours If-None-Match."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response.render()
            set_response_etag(response)
            return get_conditional_response(request, etag=response["ETag"], response=response)
        return response


class ForumPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


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
            reverse("forum-api:thread-posts", args=[thread.pk])
        )


class PostSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    thread = serializers.IntegerField(source="thread_id")
    author = serializers.CharField(source="author.display_name")
    created_at = serializers.DateTimeField()
    edited_at = serializers.DateTimeField()
    body_html = serializers.CharField(help_text="Sanitised HTML.")
    useful_count = serializers.IntegerField()
    is_accepted_answer = serializers.SerializerMethodField()

    def get_is_accepted_answer(self, post) -> bool:
        return post.thread.solution_id == post.pk


@extend_schema(tags=["forum"])
class ThreadList(ConditionalGetMixin, generics.ListAPIView):
    """Published threads in the public categories, latest activity first."""

    serializer_class = ThreadSerializer
    pagination_class = ForumPagination
    permission_classes = [permissions.AllowAny]
    filter_backends = []

    @extend_schema(parameters=[OpenApiParameter("category", str, description="Category slug.")])
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


@extend_schema(tags=["forum"])
class ThreadDetail(ConditionalGetMixin, generics.RetrieveAPIView):
    serializer_class = ThreadSerializer
    permission_classes = [permissions.AllowAny]

    def get_object(self):
        return get_object_or_404(
            public_threads().select_related("category", "author"), pk=self.kwargs["pk"]
        )


@extend_schema(tags=["forum"])
class PostList(ConditionalGetMixin, generics.ListAPIView):
    """Published posts of a public thread, oldest first. Use /threads/<id>/posts/ or ?thread=."""

    serializer_class = PostSerializer
    pagination_class = ForumPagination
    permission_classes = [permissions.AllowAny]
    filter_backends = []

    @extend_schema(parameters=[OpenApiParameter("thread", int, description="Thread id.")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        thread_id = self.kwargs.get("pk") or self.request.query_params.get("thread")
        try:
            thread_id = int(thread_id)
        except (TypeError, ValueError):
            raise NotFound("Give a thread id.") from None
        if not public_threads().filter(pk=thread_id).exists():
            raise NotFound
        return (
            public_posts()
            .filter(thread_id=thread_id)
            .select_related("author", "thread")
            .order_by("created_at", "id")
        )
