from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .map_grid import BASE_CELL_LAT, BASE_CELL_LNG, GridIndex


class Theme(models.Model):
    """A Smart City theme (parking, street lighting, ...), with the icon and colour of its
    markers on the map."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=80)
    name_en = models.CharField(_("English name"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    icon = models.CharField(_("icon"), max_length=40, help_text=_("Name of the map icon."))
    color = models.CharField(_("colour"), max_length=7, help_text=_("Hex colour, e.g. #0b5a8e."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name


# What the map's cells add up for each project (projects.clustering): the covering map indexes
# include them.
MAP_POINT_FIELDS = ["adoption_count", "lat", "lng", "updated_at", "id"]


class Project(models.Model):
    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Received — being checked")
        PROCESSING = "processing", _("Being checked")
        NEEDS_REVIEW = "needs_review", _("Waiting for a moderator")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        HIDDEN = "hidden", _("Hidden")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Status(models.TextChoices):
        IDEA = "idea", _("Idea")
        PLANNED = "planned", _("Planned")
        PILOT = "pilot", _("Pilot")
        OPERATION = "operation", _("In operation")
        COMPLETED = "completed", _("Completed")

    class SubmitterKind(models.TextChoices):
        CITIZEN = "citizen", _("Citizen")
        BUSINESS = "business", _("Business")
        KNOWLEDGE = "knowledge", _("Knowledge institution")
        MUNICIPALITY = "municipality", _("Municipality")

    class Precision(models.TextChoices):
        POINT = "point", _("Point chosen on the map")
        ADDRESS = "address", _("Address")
        STREET = "street", _("Street")
        TOWN = "town", _("Town")
        MUNICIPALITY = "municipality", _("Municipality")

    # What the submitter wrote
    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=180, unique=True)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    description_html = models.TextField(editable=False, blank=True)  # rendered once, at save
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="projects", verbose_name=_("theme")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IDEA
    )
    submitter_kind = models.CharField(
        _("submitted by"), max_length=12, choices=SubmitterKind.choices
    )
    organisation = models.CharField(_("organisation"), max_length=160, blank=True)
    started_on = models.DateField(_("start"), null=True, blank=True)
    ended_on = models.DateField(_("end"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    open_data_links = models.JSONField(
        _("open datasets used"), default=list, blank=True, help_text=_("[{title, url}, ...]")
    )

    # Where: a picked point, or an address the pipeline geocodes
    address = models.CharField(_("address"), max_length=200, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    # The map's finest grid cell holding the point, kept by the database (projects.clustering).
    map_x = models.GeneratedField(
        expression=GridIndex(models.F("lng") + 180, BASE_CELL_LNG),
        output_field=models.IntegerField(),
        db_persist=True,
        editable=False,
    )
    map_y = models.GeneratedField(
        expression=GridIndex(models.F("lat") + 90, BASE_CELL_LAT),
        output_field=models.IntegerField(),
        db_persist=True,
        editable=False,
    )
    precision = models.CharField(
        _("location precision"), max_length=12, choices=Precision.choices, blank=True
    )
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("municipality"),
    )

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="projects",
        verbose_name=_("author"),
    )

    # Life cycle; the row is the pipeline's source of truth
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.SUBMITTED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("processing attempts"), default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    screening_score = models.FloatField(null=True, blank=True)
    screening_reasons = models.JSONField(default=list, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    # An edit of a published project waits here until it has been screened.
    pending_changes = models.JSONField(null=True, blank=True, editable=False)
    # Set when the pipeline has screened the pending edit and left it for a moderator.
    pending_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The last decision the author was e-mailed about: one e-mail per decision, at most.
    notified_decision_id = models.BigIntegerField(null=True, blank=True, editable=False)

    adoption_count = models.PositiveIntegerField(_("municipalities using it"), default=0)
    # Set by a moderator: a project with measured results shown as a success story.
    featured_at = models.DateTimeField(_("featured as a success story"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Title A, summary and organisation B, description C, the names of its theme and
    # municipality D (`danish`); written by a database trigger on PostgreSQL whatever path
    # saves the project (migration 0008, smartcity.search), GIN-indexed. Unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        indexes = [
            models.Index(fields=["state", "lat", "lng"], name="project_state_lat_lng"),
            models.Index(fields=["state", "theme"], name="project_state_theme"),
            models.Index(fields=["state", "municipality"], name="project_state_municipality"),
            models.Index(fields=["state", "lease_expires_at"], name="project_state_lease"),
            # The map's GROUP BY grid cell when no pre-aggregated count answers (clustering):
            # covering, so the rows of a view are read from the index alone (index-only scan),
            # by the view's cells, or by a theme's or a municipality's cells when a combined
            # filter names one (the planner takes the most selective).
            models.Index(
                fields=["map_y", "map_x"],
                include=["theme", "status", "municipality", *MAP_POINT_FIELDS],
                condition=models.Q(state="published"),
                name="project_map_cell",
            ),
            models.Index(
                fields=["theme", "map_y", "map_x"],
                include=["status", "municipality", *MAP_POINT_FIELDS],
                condition=models.Q(state="published"),
                name="project_map_theme_cell",
            ),
            models.Index(
                fields=["municipality", "map_y", "map_x"],
                include=["theme", "status", *MAP_POINT_FIELDS],
                condition=models.Q(state="published"),
                name="project_map_municipality_cell",
            ),
            # The list next to the map: most adopted first, then newest (selectors).
            models.Index(
                "state",
                models.F("adoption_count").desc(),
                models.F("published_at").desc(),
                models.F("id").desc(),
                name="project_state_list_order",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lat__isnull=True) | models.Q(lat__gte=-90, lat__lte=90),
                name="project_lat_range",
            ),
            models.CheckConstraint(
                condition=models.Q(lng__isnull=True) | models.Q(lng__gte=-180, lng__lte=180),
                name="project_lng_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.slug])

    @property
    def is_public(self) -> bool:
        return self.state == self.State.PUBLISHED


def project_image_path(instance, filename: str) -> str:
    # The stored name never comes from the uploader; the extension follows the checked format.
    return f"projects/{instance.token}.{instance.format.lower()}"


class ProjectImage(models.Model):
    """An uploaded image. It exists before its project does, so that a form shown again after an
    error keeps the images already uploaded (the form carries their tokens)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="images", null=True, blank=True
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(max_length=32, unique=True, editable=False)
    image = models.ImageField(_("image"), upload_to=project_image_path)
    format = models.CharField(max_length=4, editable=False)  # JPEG, PNG, WEBP
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    alt_text = models.CharField(_("image description"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self) -> str:
        return self.alt_text or self.token


class ProjectQueueItem(Project):
    """The moderation queue in admin: the same rows, the moderators' view of them."""

    class Meta:
        proxy = True
        verbose_name = _("project waiting for moderation")
        verbose_name_plural = _("projects waiting for moderation")


class Adoption(models.Model):
    """A municipality's statement that it uses a project's solution too."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="adoptions")
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.CASCADE,
        related_name="adoptions",
        verbose_name=_("municipality"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["municipality__name"]
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "municipality"], name="one_adoption_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} → {self.project}"


class ProjectResult(models.Model):
    """A measured result of a project: a metric from a baseline to a result, in a unit, over a
    period, and where the figures come from ("salt on cycle paths, 100 → 70 t a winter")."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="results")
    metric = models.CharField(_("what was measured"), max_length=160)
    baseline = models.FloatField(_("before"), null=True, blank=True)
    result = models.FloatField(_("after"))
    unit = models.CharField(_("unit"), max_length=40)
    period = models.CharField(_("period"), max_length=80, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("measured result")
        verbose_name_plural = _("measured results")

    def __str__(self) -> str:
        return f"{self.metric}: {self.result} {self.unit}"

    @property
    def change_percent(self) -> float | None:
        if self.baseline in (None, 0):
            return None
        return round((self.result - self.baseline) / abs(self.baseline) * 100, 1)


class MapCell(models.Model):
    """The published projects of one map grid cell, pre-aggregated (see projects.clustering).

    One row per zoom (up to map_grid.AGGREGATE_MAX_ZOOM), cell and single filter: `kind` 0 is
    every project, 1 a theme (value: its id), 2 a status, 3 a municipality (its id), 4 "used by
    at least N municipalities" (value: N; a project counts in 1..adoption_count), 5 a status and
    "used by at least N" together (value: "status:N"). On PostgreSQL
    triggers on the project table keep the rows exact in the same transaction as every write."""

    zoom = models.PositiveSmallIntegerField()
    kind = models.PositiveSmallIntegerField()
    value = models.CharField(max_length=40)
    cell_y = models.IntegerField()
    cell_x = models.IntegerField()
    pk = models.CompositePrimaryKey("zoom", "kind", "value", "cell_y", "cell_x")
    count = models.IntegerField()
    sum_lat = models.FloatField()
    sum_lng = models.FloatField()
    min_lat = models.FloatField()
    min_lng = models.FloatField()
    max_lat = models.FloatField()
    max_lng = models.FloatField()
    first_id = models.BigIntegerField()  # the smallest project id; the project, when count is 1
    last_updated = models.DateTimeField()

    class Meta:
        verbose_name = _("map cell")
        verbose_name_plural = _("map cells")

    def __str__(self) -> str:
        return f"zoom {self.zoom} cell {self.cell_y},{self.cell_x} ({self.kind}:{self.value})"


class MapTerm(models.Model):
    """A word of a published project on the map: one row per lexeme of its stored search
    vector, with what a map cell adds up (see projects.clustering and projects.map_terms).

    PostgreSQL only (on SQLite the table stays empty): triggers on the project table keep the
    rows exact in the same transaction as every write, and the primary key is made a covering
    index there, the lexeme compared byte-wise (COLLATE "C"), so that a word's or a prefix's
    projects in a view are one index-only range read."""

    lexeme = models.TextField()
    map_y = models.IntegerField()
    map_x = models.IntegerField()
    project_id = models.BigIntegerField()  # no foreign key: the triggers remove the rows
    pk = models.CompositePrimaryKey("lexeme", "map_y", "map_x", "project_id")
    lat = models.FloatField()
    lng = models.FloatField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("map term")
        verbose_name_plural = _("map terms")

    def __str__(self) -> str:
        return f"{self.lexeme} in project {self.project_id}"
