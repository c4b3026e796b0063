from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    code = models.CharField(_("region code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    slug = models.SlugField(_("slug"), unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    code = models.CharField(_("municipality code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), unique=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("region")
    )
    seat = models.CharField(_("seat"), max_length=100, help_text=_("Town of the town hall."))
    lat = models.FloatField(_("latitude"))
    lng = models.FloatField(_("longitude"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("places:municipality", args=[self.slug])


class MunicipalityEmailDomain(models.Model):
    """An e-mail domain the municipality's staff use: verifying it makes a user staff."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="email_domains"
    )
    domain = models.CharField(_("domain"), max_length=100, unique=True)

    class Meta:
        ordering = ["domain"]
        verbose_name = _("e-mail domain")
        verbose_name_plural = _("e-mail domains")

    def __str__(self) -> str:
        return self.domain


class MunicipalityBoundary(models.Model):
    """The outline of one municipality (all its islands), loaded from an official file.

    Empty by default: then the boundaries shipped in places/data/ answer. Written only by
    `load_municipality_boundaries`, which replaces every row at once (and wins over the shipped
    file); the rows of one load share a `batch`, so each process can tell cheaply whether its
    in-memory copy of the polygons is still current."""

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.CASCADE,
        related_name="boundary",
        verbose_name=_("municipality"),
    )
    geometry = models.TextField(_("geometry"), help_text=_("GeoJSON (Multi)Polygon in WGS84."))
    min_lat = models.FloatField(_("southern edge"))
    min_lng = models.FloatField(_("western edge"))
    max_lat = models.FloatField(_("northern edge"))
    max_lng = models.FloatField(_("eastern edge"))
    polygon_count = models.PositiveIntegerField(_("polygons"))
    batch = models.UUIDField(_("load batch"), db_index=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        ordering = ["municipality__name"]
        verbose_name = _("municipality boundary")
        verbose_name_plural = _("municipality boundaries")

    def __str__(self) -> str:
        return str(self.municipality)


class GeocodeCacheEntry(models.Model):
    """One answer from an online geocoder, kept so the same question is never asked twice
    within GEOCODER_CACHE_DAYS (the public services allow one request a second)."""

    provider = models.CharField(_("provider"), max_length=20)
    query_key = models.CharField(_("query key"), max_length=64)
    query = models.CharField(_("query"), max_length=300)
    result = models.JSONField(_("result"), default=list)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "query_key"], name="geocode_cache_unique_query"
            )
        ]
        verbose_name = _("geocoder cache entry")
        verbose_name_plural = _("geocoder cache entries")

    def __str__(self) -> str:
        return f"{self.provider}: {self.query}"
