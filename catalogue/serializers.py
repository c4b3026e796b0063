"""How datasets, data areas and the matrix look in the open-data API."""

from rest_framework import serializers

from places.serializers import MunicipalitySummarySerializer

from .models import DataArea, Dataset, Distribution


class DistributionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Distribution
        fields = ["title", "format", "media_type", "access_url", "download_url"]


class DatasetSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The dataset's page on this site.")
    publisher = serializers.CharField(read_only=True)
    municipality = MunicipalitySummarySerializer(read_only=True, allow_null=True)
    areas = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    distributions = DistributionSerializer(many=True, read_only=True)
    description = serializers.CharField(
        source="description_html", read_only=True, help_text="Sanitised HTML."
    )
    licence = serializers.SerializerMethodField()

    class Meta:
        model = Dataset
        fields = [
            "slug", "url", "title", "description", "publisher", "municipality", "contact_name",
            "contact_email", "keywords", "licence", "issued", "modified", "landing_page",
            "frequency", "spatial", "areas", "distributions",
        ]  # fmt: skip

    def get_url(self, dataset) -> str:
        request = self.context.get("request")
        path = dataset.get_absolute_url()
        return request.build_absolute_uri(path) if request else path

    def get_licence(self, dataset) -> dict:
        return {
            "id": dataset.licence_id,
            "title": dataset.licence_title,
            "url": dataset.licence_url,
        }


class DataAreaSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True, help_text="The name in the current language.")

    class Meta:
        model = DataArea
        fields = [
            "slug", "name", "name_en", "label", "guideline", "guideline_en", "example",
            "example_en", "keywords",
        ]  # fmt: skip


def matrix_data(matrix) -> dict:
    """The areas, the municipalities with their codes, and one cell per municipality × area."""
    return {
        "areas": [{"slug": a.slug, "name": a.name, "name_en": a.name_en} for a in matrix.areas],
        "municipalities": [
            {
                "code": row.municipality.code,
                "slug": row.municipality.slug,
                "name": row.municipality.name,
                "areas_covered": row.covered,
            }
            for row in matrix.rows
        ],
        "cells": [
            {
                "municipality": row.municipality.code,
                "area": cell.area.slug,
                "count": cell.count,
                "newest": cell.newest.isoformat() if cell.newest else None,
            }
            for row in matrix.rows
            for cell in row.cells
        ],
    }
