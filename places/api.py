"""The municipalities in the open-data API."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics

from smartcity.open_data_api import CONDITIONAL, OpenDataView

from .models import Municipality
from .serializers import MunicipalitySerializer


class MunicipalityList(OpenDataView, generics.ListAPIView):
    """A short list without timestamps: its content is its validator."""

    serializer_class = MunicipalitySerializer
    queryset = Municipality.objects.select_related("region")
    pagination_class = None
    filter_backends: list = []

    @extend_schema(
        summary="The 98 Danish municipalities",
        description="The slugs are the values of the `municipality` filter." + CONDITIONAL,
        tags=["reference"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        data = self.get_serializer(self.get_queryset(), many=True).data
        return self.conditional_data(request, data)
