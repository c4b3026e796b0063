"""Municipalities in the open-data API: one definition for every app that shows them."""

from rest_framework import serializers

from .models import Municipality


class MunicipalitySummarySerializer(serializers.ModelSerializer):
    """A municipality inside another object (a project, an event)."""

    class Meta:
        model = Municipality
        fields = ["code", "slug", "name"]


class MunicipalitySerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="name", read_only=True)
    region_code = serializers.CharField(source="region.code", read_only=True)

    class Meta:
        model = Municipality
        fields = ["code", "name", "slug", "region", "region_code", "seat", "lat", "lng"]
