"""Follows, alerts, notifications and e-mail preferences.

This app knows no content type: what is followed is a generic target (content type + id), and
the content apps say which of their models can be followed (`participation.registry`). A
notification row is written per follower by one INSERT ... SELECT (participation.services)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartcity.activity import Kind


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("At once")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    NEVER = "never", _("Never")


class Follow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            # Also the index of the fan-out: every follower of one item.
            models.UniqueConstraint(
                fields=["content_type", "object_id", "user"], name="participation_one_follow"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.content_type_id}:{self.object_id}"


class Alert(models.Model):
    """New projects in a municipality, of a theme, or both."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts"
    )
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("municipality"),
    )
    theme = models.ForeignKey(
        "projects.Theme", on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("theme")
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality__isnull=False) | Q(theme__isnull=False),
                name="participation_alert_has_filter",
            )
        ]

    def __str__(self) -> str:
        return " · ".join(str(part) for part in (self.municipality, self.theme) if part)


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("what happened"), max_length=20, choices=Kind.choices)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set once an e-mail (at once or a digest) carried it, or the user wants none for its kind.
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["user", "-id"], name="notification_user_newest"),
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
            models.Index(
                fields=["user", "created_at"],
                condition=Q(mailed_at__isnull=True),
                name="notification_unmailed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.content_type_id}:{self.object_id} → {self.user_id}"


class EmailPreference(models.Model):
    """How often a user wants e-mail about one kind of event; no row means the default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    frequency = models.CharField(max_length=12, choices=Frequency.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="participation_one_preference")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.frequency}"


class DigestClaim(models.Model):
    """One row per user and digest period: a digest is sent at most once per period, even
    when a batch task is delivered twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=16)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "period"], name="participation_one_digest")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.period}"
