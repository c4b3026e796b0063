"""The signed-in user's notifications in the API (session authentication): the same grouped
items as /notifications/. Not open data: personal, never cached."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from . import registry, selectors, services


class NotificationEventSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="What happened, e.g. status_changed, adopted.")
    text = serializers.CharField(help_text="The same, as a sentence in the user's language.")
    count = serializers.IntegerField(help_text="How many times it happened.")
    latest = serializers.DateTimeField()
    data = serializers.DictField(help_text="Details, e.g. the old and new status.")


class NotificationItemSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="project, guide, event or thread.")
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()
    unread = serializers.BooleanField()
    latest = serializers.DateTimeField()
    events = NotificationEventSerializer(many=True)


class NotificationListView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="notifications_list",
        tags=["notifications"],
        summary="Your notifications, grouped per followed item, newest first",
        parameters=[
            OpenApiParameter(
                "before",
                int,
                description="The page after this one: the `next_before` of the previous page.",
            )
        ],
        responses={
            200: inline_serializer(
                "NotificationPage",
                {
                    "unread": serializers.IntegerField(),
                    "next_before": serializers.IntegerField(allow_null=True),
                    "items": NotificationItemSerializer(many=True),
                },
            ),
            403: OpenApiResponse(
                OpenApiTypes.OBJECT, description='Not signed in: {"detail": "reason"}'
            ),
        },
    )
    def get(self, request):
        try:
            before = int(request.query_params.get("before", "")) or None
        except ValueError:
            before = None
        items, next_before = selectors.notifications_page(user=request.user, before=before)
        rows = [
            {
                "type": registry.of(item.target).name,
                "id": item.target.pk,
                "title": item.title,
                "url": request.build_absolute_uri(item.url),
                "unread": item.unread,
                "latest": item.latest,
                "events": [
                    {
                        "kind": e.kind,
                        "text": e.text,
                        "count": e.count,
                        "latest": e.latest,
                        "data": e.data,
                    }
                    for e in item.events
                ],
            }
            for item in items
        ]
        body = {
            "unread": services.unread_count(request.user),
            "next_before": next_before,
            "items": NotificationItemSerializer(rows, many=True).data,
        }
        return Response(body, headers={"Cache-Control": "private, no-store"})
