"""The open-data catalogue: municipal datasets harvested from CKAN portals, with DCAT-AP-DK
metadata, classified into the data areas a municipality is expected to publish."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class DataArea(models.Model):
    """An overall area a municipality is expected to publish data in, with a guideline."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    guideline = models.TextField(_("guideline"), help_text=_("What a good dataset contains."))
    guideline_en = models.TextField(_("English guideline"))
    example = models.CharField(_("example"), max_length=300, blank=True)
    example_en = models.CharField(_("English example"), max_length=300, blank=True)
    keywords = models.TextField(
        _("classification words"),
        help_text=_(
            "Comma-separated words (Danish and English). A dataset whose title, keywords or "
            "groups contain one of them belongs to this area."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("data area")
        verbose_name_plural = _("data areas")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        """The catalogue's page for the area: its guideline and the datasets in it."""
        return f"{reverse('catalogue:dataset_list')}?area={self.slug}"

    @property
    def label(self) -> str:
        return self.name_en if get_language() == "en" else self.name

    @property
    def guideline_text(self) -> str:
        return self.guideline_en if get_language() == "en" else self.guideline

    @property
    def example_text(self) -> str:
        return self.example_en if get_language() == "en" else self.example

    def words(self) -> list[str]:
        return [word.strip().lower() for word in self.keywords.split(",") if word.strip()]


class HarvestSource(models.Model):
    """A CKAN portal we harvest (its address; RemoteCKAN adds /api/action/...)."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(
        _("CKAN address"), unique=True, help_text=_("e.g. https://www.opendata.dk")
    )
    enabled = models.BooleanField(_("harvested nightly"), default=True)
    # The start of the last successful run: the next run asks only for what changed since.
    harvested_until = models.DateTimeField(_("harvested until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("harvest source")
        verbose_name_plural = _("harvest sources")

    def __str__(self) -> str:
        return self.name


class HarvestRun(models.Model):
    source = models.ForeignKey(
        HarvestSource, on_delete=models.CASCADE, related_name="runs", verbose_name=_("source")
    )
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    incremental = models.BooleanField(_("only changes"), default=False)
    seen = models.PositiveIntegerField(_("seen"), default=0)
    added = models.PositiveIntegerField(_("added"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    withdrawn = models.PositiveIntegerField(_("withdrawn"), default=0)
    errors = models.TextField(_("errors"), blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("harvest run")
        verbose_name_plural = _("harvest runs")

    def __str__(self) -> str:
        return f"{self.source} · {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def succeeded(self) -> bool:
        return self.finished_at is not None and not self.errors


class Organisation(models.Model):
    """A CKAN organisation of one source, and the municipality it is (if any).

    Matched automatically by name and code; a moderator maps the ones left unmatched, and
    the mapping is kept on later harvests."""

    source = models.ForeignKey(
        HarvestSource,
        on_delete=models.CASCADE,
        related_name="organisations",
        verbose_name=_("source"),
    )
    name = models.CharField(_("CKAN name"), max_length=200)
    title = models.CharField(_("title"), max_length=300)
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    mapped_by_moderator = models.BooleanField(_("mapped by a moderator"), default=False)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["source", "name"], name="catalogue_org_unique_name")
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.title or self.name


class PublishedDatasetManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(withdrawn_at__isnull=True)


class Dataset(models.Model):
    """One dataset, with the DCAT-AP-DK metadata its portal gives."""

    source = models.ForeignKey(
        HarvestSource, on_delete=models.PROTECT, related_name="datasets", verbose_name=_("source")
    )
    ckan_id = models.CharField(_("CKAN id"), max_length=100)
    ckan_name = models.CharField(_("CKAN name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    title = models.CharField(_("title"), max_length=300)
    description_html = models.TextField(_("description"), blank=True)  # sanitised
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="datasets",
        verbose_name=_("organisation"),
    )
    publisher_name = models.CharField(_("publisher"), max_length=300, blank=True)
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="datasets",
        verbose_name=_("municipality"),
    )
    contact_name = models.CharField(_("contact point"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    groups = models.JSONField(_("groups"), default=list, blank=True)
    licence_id = models.CharField(_("licence"), max_length=100, blank=True)
    licence_title = models.CharField(_("licence name"), max_length=200, blank=True)
    licence_url = models.URLField(_("licence address"), max_length=500, blank=True)
    issued = models.DateTimeField(_("issued"), null=True, blank=True)
    modified = models.DateTimeField(_("modified"), null=True, blank=True)
    landing_page = models.URLField(_("landing page"), max_length=500, blank=True)
    frequency = models.CharField(_("update frequency"), max_length=100, blank=True)
    spatial = models.CharField(_("spatial coverage"), max_length=300, blank=True)
    formats = models.JSONField(_("formats"), default=list, blank=True, editable=False)
    areas = models.ManyToManyField(
        DataArea, blank=True, related_name="datasets", verbose_name=_("data areas")
    )
    areas_set_by_moderator = models.BooleanField(
        _("areas set by a moderator"),
        default=False,
        help_text=_("Keep these areas on later harvests instead of classifying again."),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    harvested_at = models.DateTimeField(_("harvested"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Title (A), keywords (B) and description (C), `danish` configuration; PostgreSQL only.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = models.Manager()
    published = PublishedDatasetManager()

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "ckan_id"], name="catalogue_dataset_unique")
        ]
        indexes = [
            models.Index(fields=["municipality", "withdrawn_at"], name="catalogue_ds_municipality"),
            models.Index(fields=["withdrawn_at", "modified"], name="catalogue_ds_modified"),
        ]
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("catalogue:dataset", args=[self.slug])

    @property
    def publisher(self) -> str:
        return self.municipality.name if self.municipality_id else self.publisher_name


class Distribution(models.Model):
    dataset = models.ForeignKey(
        Dataset, on_delete=models.CASCADE, related_name="distributions", verbose_name=_("dataset")
    )
    ckan_id = models.CharField(_("CKAN id"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    format = models.CharField(_("format"), max_length=50, blank=True)
    media_type = models.CharField(_("media type"), max_length=100, blank=True)
    access_url = models.URLField(_("access address"), max_length=1000)
    download_url = models.URLField(_("download address"), max_length=1000, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["dataset", "position", "pk"]
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")

    def __str__(self) -> str:
        return self.title or self.format or self.access_url


class Coverage(models.Model):
    """How many published datasets a municipality has in a data area, and the newest change
    among them: the matrix and the municipality pages read these 98 × areas rows instead of
    aggregating every dataset. Rebuilt by `services.coverage_refresh()` after every change."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="open_data_coverage"
    )
    area = models.ForeignKey(DataArea, on_delete=models.CASCADE, related_name="coverage")
    datasets = models.PositiveIntegerField()
    newest = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "area"], name="catalogue_coverage_unique"
            )
        ]
        verbose_name = _("coverage")
        verbose_name_plural = _("coverage")

    def __str__(self) -> str:
        return f"{self.municipality_id} × {self.area_id}: {self.datasets}"
