from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A guide not reviewed for this long says so on its page and shows up in the moderators' list.
STALE_AFTER = timedelta(days=365)


class Guide(models.Model):
    """A curated best-practice guide. Its text lives in versions (GuideVersion); the guide
    points at the published version in each language. What a version proposes about themes,
    audience, data areas and linked items is copied here when a moderator publishes it."""

    class Audience(models.TextChoices):
        ANY = "any", _("Any municipality")
        SMALL = "small", _("Small municipalities")
        LARGE = "large", _("Large municipalities")

    slug = models.SlugField(_("slug"), max_length=180, unique=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_guides",
        verbose_name=_("owner"),
    )
    themes = models.ManyToManyField(
        "projects.Theme", blank=True, related_name="guides", verbose_name=_("themes")
    )
    audience = models.CharField(
        _("audience"), max_length=8, choices=Audience.choices, default=Audience.ANY
    )
    data_areas = models.ManyToManyField(
        "catalogue.DataArea",
        blank=True,
        related_name="guides",
        verbose_name=_("data areas to publish"),
    )
    projects = models.ManyToManyField(
        "projects.Project", blank=True, related_name="guides", verbose_name=_("linked projects")
    )
    events = models.ManyToManyField(
        "events.Event", blank=True, related_name="guides", verbose_name=_("linked events")
    )
    threads = models.ManyToManyField(
        "forum.Thread", blank=True, related_name="guides", verbose_name=_("linked forum threads")
    )
    datasets = models.ManyToManyField(
        "catalogue.Dataset", blank=True, related_name="guides", verbose_name=_("linked datasets")
    )
    current_da = models.ForeignKey(
        "GuideVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published Danish version"),
    )
    current_en = models.ForeignKey(
        "GuideVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published English version"),
    )
    last_reviewed_on = models.DateField(_("last reviewed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("guide")
        verbose_name_plural = _("guides")

    def __str__(self) -> str:
        version = self.current_da or self.current_en
        return version.title if version else self.slug

    def get_absolute_url(self) -> str:
        return reverse("guides:detail", args=[self.slug])

    @property
    def is_public(self) -> bool:
        return self.current_da_id is not None or self.current_en_id is not None

    def version_for(self, language: str) -> "GuideVersion | None":
        """The published version to show in `language`, else the one in the other language."""
        if language.startswith("en"):
            return self.current_en or self.current_da
        return self.current_da or self.current_en

    @property
    def is_stale(self) -> bool:
        if self.last_reviewed_on is None:
            return self.is_public
        return self.last_reviewed_on < (timezone.localdate() - STALE_AFTER)


class GuideVersion(models.Model):
    """One proposed or published text of a guide in one language. Published versions are
    kept for the history; the guide points at the current one."""

    class Language(models.TextChoices):
        DA = "da", _("Danish")
        EN = "en", _("English")

    class State(models.TextChoices):
        NEEDS_REVIEW = "needs_review", _("Waiting for a moderator")
        PUBLISHED = "published", _("Published")
        RETURNED = "returned", _("Returned to the author")
        REJECTED = "rejected", _("Rejected")

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="guide_versions",
        verbose_name=_("author"),
    )
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=State.choices,
        default=State.NEEDS_REVIEW,
        db_index=True,
    )

    title = models.CharField(_("title"), max_length=160)
    summary = models.CharField(_("summary"), max_length=400)
    steps = models.JSONField(_("steps"), default=list)  # ["First step", ...]
    effort = models.TextField(_("what it costs and takes"), blank=True)
    pitfalls = models.TextField(_("pitfalls"), blank=True)
    body = models.TextField(_("guide text"), blank=True)
    # Rendered once, at save (Markdown through the sanitiser; headings get ids for the TOC).
    effort_html = models.TextField(editable=False, blank=True)
    pitfalls_html = models.TextField(editable=False, blank=True)
    body_html = models.TextField(editable=False, blank=True)
    toc = models.JSONField(default=list, editable=False)  # [{"level", "id", "text"}, ...]
    # What the version proposes beyond its text: themes, audience, data areas, linked items.
    meta = models.JSONField(default=dict, editable=False)
    change_note = models.CharField(_("change note"), max_length=300, blank=True)

    screening_score = models.FloatField(null=True, blank=True, editable=False)
    screening_reasons = models.JSONField(default=list, blank=True, editable=False)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        ordering = ["guide", "-number"]
        verbose_name = _("guide version")
        verbose_name_plural = _("guide versions")
        constraints = [
            models.UniqueConstraint(fields=["guide", "number"], name="one_guide_version_number")
        ]
        indexes = [models.Index(fields=["guide", "state", "number"], name="guide_version_state")]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number}, {self.language})"

    def get_absolute_url(self) -> str:
        return reverse("guides:review_version", args=[self.pk])


class GuideQueueItem(GuideVersion):
    """The guide versions waiting for a moderator, in admin."""

    class Meta:
        proxy = True
        verbose_name = _("guide waiting for review")
        verbose_name_plural = _("guides waiting for review")
