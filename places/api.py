"""The municipalities in the open-data API."""

from drf_spectacular.utils import extend_schema

from smartcity.open_data_api import CONDITIONAL, ReferenceList

from .models import Municipality
from .serializers import MunicipalitySerializer


class MunicipalityList(ReferenceList):
    serializer_class = MunicipalitySerializer
    queryset = Municipality.objects.select_related("region")

    @extend_schema(
        summary="The 98 Danish municipalities",
        description="The slugs are the values of the `municipality` filter." + CONDITIONAL,
        tags=["reference"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
