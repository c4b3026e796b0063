from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """An intro seminar, data day, workshop, conference, webinar or network meeting.

    Times are stored as aware datetimes (UTC in the database) and shown in Europe/Copenhagen.
    `sequence` is the iCalendar SEQUENCE: it goes up on every change calendar clients must see.
    """

    class Kind(models.TextChoices):
        INTRO_SEMINAR = "intro_seminar", _("Intro seminar")
        DATA_DAY = "data_day", _("Data day")
        WORKSHOP = "workshop", _("Workshop")
        CONFERENCE = "conference", _("Conference")
        WEBINAR = "webinar", _("Webinar")
        NETWORK_MEETING = "network_meeting", _("Network meeting")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Received — being checked")
        NEEDS_REVIEW = "needs_review", _("Waiting for a moderator")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=180, unique=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    description_html = models.TextField(editable=False, blank=True)  # rendered once, at save
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    themes = models.ManyToManyField(
        "projects.Theme", blank=True, related_name="events", verbose_name=_("themes")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    is_online = models.BooleanField(_("online event"), default=False)
    online_url = models.URLField(_("link to the online event"), blank=True)
    online_url_participants_only = models.BooleanField(
        _("show the link to registered participants only"), default=True
    )

    venue_name = models.CharField(_("venue"), max_length=160, blank=True)
    venue_address = models.CharField(_("venue address"), max_length=200, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("municipality"),
        help_text=_("Where the event takes place."),
    )

    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="organised_events",
        verbose_name=_("organiser"),
    )
    organiser_municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organised_events",
        verbose_name=_("organising municipality"),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)

    # The forum app is built in parallel; a link to its category keeps the apps independent.
    forum_url = models.URLField(_("related forum category"), blank=True)
    related_projects = models.ManyToManyField(
        "projects.Project", blank=True, related_name="events", verbose_name=_("related projects")
    )

    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.SUBMITTED, db_index=True
    )
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    screening_score = models.FloatField(null=True, blank=True, editable=False)
    screening_reasons = models.JSONField(default=list, blank=True, editable=False)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    cancellation_reason = models.TextField(_("reason for cancellation"), blank=True)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["state", "starts_at"], name="event_state_starts"),
            models.Index(fields=["state", "municipality"], name="event_state_municipality"),
            models.Index(fields=["lat", "lng"], name="event_lat_lng"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("The event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(registration_deadline__isnull=True)
                | models.Q(registration_deadline__lte=models.F("starts_at")),
                name="event_deadline_before_start",
                violation_error_message=_(
                    "The registration deadline must be before the event starts."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gt=0),
                name="event_capacity_positive",
                violation_error_message=_(
                    "The capacity must be a positive number of seats. Leave it empty for no limit."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.slug])

    @property
    def is_public(self) -> bool:
        """Published and cancelled events are shown to everyone (a cancellation is news)."""
        return self.state in (self.State.PUBLISHED, self.State.CANCELLED)

    @property
    def is_cancelled(self) -> bool:
        return self.state == self.State.CANCELLED

    @property
    def has_venue(self) -> bool:
        return bool(self.venue_name or self.venue_address)

    @property
    def location_text(self) -> str:
        parts = [p for p in (self.venue_name, self.venue_address) if p]
        return ", ".join(parts)


class Registration(models.Model):
    """One user's place at an event: confirmed, on the waiting list, or cancelled.

    The waiting list is ordered by `queued_at`; registering again after cancelling moves the
    user to the back of the queue."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    queued_at = models.DateTimeField(_("registered"))
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        ordering = ["queued_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_user")
        ]
        indexes = [
            models.Index(fields=["event", "status", "queued_at"], name="registration_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.event}"
