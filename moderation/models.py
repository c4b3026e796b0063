from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class ModerationDecision(models.Model):
    """One decision about one piece of content, automatic (no actor: "system") or human.

    The audit log: rows are only ever added, never changed."""

    class Action(models.TextChoices):
        PUBLISH = "publish", _("Published")
        REVIEW = "review", _("Sent for review")
        REJECT = "reject", _("Rejected")
        HIDE = "hide", _("Hidden")
        RESTORE = "restore", _("Restored")
        REPORT_HIDE = "report_hide", _("Hidden after reports")
        EDIT = "edit", _("Edited")
        LOCK = "lock", _("Locked")
        UNLOCK = "unlock", _("Unlocked")
        PIN = "pin", _("Pinned")
        UNPIN = "unpin", _("Unpinned")
        MOVE = "move", _("Moved")
        RERUN = "rerun", _("Checked again")
        RELOCATE = "relocate", _("Location corrected")
        CANCEL = "cancel", _("Cancelled")
        APPEAL = "appeal", _("Appealed")
        APPEAL_GRANTED = "appeal_granted", _("Appeal granted")
        APPEAL_REFUSED = "appeal_refused", _("Appeal refused")

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("content type")
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    content_object = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_decisions",
        verbose_name=_("actor"),
        help_text=_("Empty when the system decided."),
    )
    # Kept when the actor's account is deleted, so a human decision never turns into "system".
    automatic = models.BooleanField(_("automatic"), default=True, editable=False)
    # Other apps may record their own actions too; the choices are the common ones.
    action = models.CharField(_("action"), max_length=40, choices=Action.choices)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    score = models.FloatField(_("score"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation log")
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "created_at"],
                name="moderation_decision_object",
            ),
            models.Index(fields=["created_at"], name="moderation_decision_time"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.content_type.model} #{self.object_id}"

    @property
    def actor_label(self) -> str:
        if self.actor_id:
            return str(self.actor)
        return str(_("system") if self.automatic else _("deleted user"))

    @property
    def reason_messages(self) -> list[str]:
        """The reasons' messages in the active language (strings recorded as such)."""
        key = "message_en" if (get_language() or "da").startswith("en") else "message_da"
        messages = []
        for reason in self.reasons or []:
            if isinstance(reason, dict):
                messages.append(str(reason.get(key) or reason.get("code", "")))
            else:
                messages.append(str(reason))
        return messages


class Report(models.Model):
    """A signed-in user's flag on a piece of content, once per user and object."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        OFFENSIVE = "offensive", _("Offensive or abusive")
        PERSONAL_DATA = "personal_data", _("Personal data")
        MISLEADING = "misleading", _("Misleading or wrong")
        OTHER = "other", _("Something else")

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("content type")
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    content_object = GenericForeignKey("content_type", "object_id")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="moderation_reports",
        verbose_name=_("reported by"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    text = models.TextField(_("explanation"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    # The moderator's verdict on the report: the content was taken down (True) or kept
    # (False); a reporter whose reports were upheld weighs more next time.
    upheld = models.BooleanField(_("upheld"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "reporter"],
                name="one_report_per_user_and_object",
            )
        ]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "resolved_at"],
                name="moderation_report_object",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} · {self.content_type.model} #{self.object_id}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class BlockedTerm(models.Model):
    """A word or phrase (or a link domain) that counts against content in screening."""

    class Language(models.TextChoices):
        DANISH = "da", _("Danish")
        ENGLISH = "en", _("English")

    class Kind(models.TextChoices):
        WORD = "word", _("Word or phrase")
        DOMAIN = "domain", _("Link domain")

    term = models.CharField(
        _("term"),
        max_length=100,
        help_text=_(
            "Matched as a whole word or phrase, ignoring case. Domains also match their subdomains."
        ),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.DANISH
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.WORD)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "language", "term"]
        verbose_name = _("blocked term")
        verbose_name_plural = _("blocked terms")
        constraints = [
            models.UniqueConstraint(fields=["term", "language", "kind"], name="unique_blocked_term")
        ]

    def __str__(self) -> str:
        return self.term

    def save(self, *args, **kwargs):
        self.term = " ".join(self.term.split()).lower()
        super().save(*args, **kwargs)


class RejectionTemplate(models.Model):
    """A ready-made reason a moderator can send to an author when rejecting."""

    title = models.CharField(_("title"), max_length=100, unique=True)
    text_da = models.TextField(_("text in Danish"))
    text_en = models.TextField(_("text in English"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("rejection template")
        verbose_name_plural = _("rejection templates")

    def __str__(self) -> str:
        return self.title

    def text_for(self, language: str | None) -> str:
        return self.text_en if (language or "da").startswith("en") else self.text_da


class Appeal(models.Model):
    """An author's request that a second moderator look again at a rejection or a hide: one
    per item, within MODERATION_APPEAL_DAYS of the decision, decided by a moderator other than
    the one who made it (see moderation/appeals.py)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for a moderator")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("content type")
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    content_object = GenericForeignKey("content_type", "object_id")
    appellant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="moderation_appeals",
        verbose_name=_("appealed by"),
    )
    reason = models.TextField(_("reason for the appeal"), max_length=2000)
    # The decision appealed against, and who made it (kept apart: the decider of the appeal
    # must be someone else, also after the log row's actor has gone).
    first_decision = models.ForeignKey(
        ModerationDecision,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decision appealed"),
    )
    first_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("first decided by"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_reason = models.TextField(_("reason sent to the author"), blank=True)
    created_at = models.DateTimeField(_("appealed"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # Set when the outcome e-mail is claimed: one e-mail per appeal, at most.
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_appeal_per_object"
            )
        ]
        indexes = [models.Index(fields=["state", "created_at"], name="moderation_appeal_queue")]

    def __str__(self) -> str:
        return f"{self.content_type.model} #{self.object_id} · {self.get_state_display()}"

    @property
    def is_pending(self) -> bool:
        return self.state == self.State.PENDING
