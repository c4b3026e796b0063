from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .display_names import check_display_name_free, display_name_key
from .roles import MODERATORS_GROUP, Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def with_moderator_flag(self):
        """Users with what User.is_moderator needs read in the same query: the signed-in
        user of every request (accounts.backends) and the authors on a forum page."""
        in_group = self.model.groups.through.objects.filter(
            user_id=OuterRef("pk"), group__name=MODERATORS_GROUP
        )
        return self.get_queryset().annotate(in_moderators=Exists(in_group))


class User(AbstractUser):
    """A person with an account. The e-mail address is the login and is never shown publicly;
    the display name is what others see."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("display name"), max_length=60, help_text=_("Shown next to what you publish.")
    )
    # The display name folded for comparison (accounts.display_names): one member per name.
    display_name_key = models.CharField(max_length=60, unique=True, null=True, editable=False)
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("municipality"),
        help_text=_("Set when the user is verified municipal staff."),
    )
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="da",
        help_text=_("The language of the e-mails we send you."),
    )
    staff_verified_at = models.DateTimeField(
        _("verified as municipal staff"), null=True, blank=True
    )
    # Kept by participation's fan-out (one UPDATE per event) so the header shows the number
    # without a query: the user row is loaded for every signed-in request anyway.
    unread_notifications = models.PositiveIntegerField(default=0, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.email.partition("@")[0]

    def clean(self) -> None:
        super().clean()
        try:
            check_display_name_free(self.display_name, user=self)
        except ValidationError as error:
            raise ValidationError({"display_name": error}) from None

    def save(self, *args, **kwargs) -> None:
        # The key follows the name on every save, also a save of only the name.
        self.display_name_key = display_name_key(self.display_name) or None
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "display_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "display_name_key"}
        super().save(*args, **kwargs)

    @property
    def is_municipal_staff(self) -> bool:
        return self.municipality_id is not None and self.staff_verified_at is not None

    @cached_property
    def is_moderator(self) -> bool:
        if self.is_superuser:
            return True
        if hasattr(self, "in_moderators"):  # read along (UserManager.with_moderator_flag)
            return self.in_moderators
        return self.groups.filter(name=MODERATORS_GROUP).exists()

    @property
    def role(self) -> Role:
        if self.is_superuser:
            return Role.ADMIN
        if self.is_moderator:
            return Role.MODERATOR
        if self.is_municipal_staff:
            return Role.MUNICIPAL_STAFF
        return Role.CITIZEN


class StaffRequest(models.Model):
    """A user's request to be recognised as staff of a municipality, decided by a moderator."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_requests"
    )
    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, verbose_name=_("municipality")
    )
    job_title = models.CharField(_("job title"), max_length=100)
    message = models.TextField(_("message to the moderators"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("staff request")
        verbose_name_plural = _("staff requests")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="one_pending_staff_request_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.municipality}"


def data_export_path(instance, filename: str) -> str:
    # Never guessable, never the person's name: the download goes through a checked view.
    return f"exports/{instance.token}.zip"


class DataExport(models.Model):
    """A ZIP of everything the site holds about one user (GDPR articles 15 and 20).

    Built by a Celery task; the link e-mailed to the user works PRIVACY_EXPORT_DAYS days, and
    the retention task deletes the file after that."""

    class State(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    token = models.CharField(max_length=32, unique=True, editable=False)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    file = models.FileField(_("file"), upload_to=data_export_path, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    ready_at = models.DateTimeField(_("ready"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        constraints = [
            # One export at a time: a second request while one is being built is refused.
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(state="pending"),
                name="one_pending_data_export_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.created_at:%Y-%m-%d}"
