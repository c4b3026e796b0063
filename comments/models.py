from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Comment(models.Model):
    """A comment on a published project, or a reply to one (one level deep). Screened like
    every other piece of content; the Markdown is rendered and sanitised once, at save."""

    class State(models.TextChoices):
        NEEDS_REVIEW = "needs_review", _("Waiting for a moderator")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        HIDDEN = "hidden", _("Hidden")

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("project"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("reply to"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="comments",
        verbose_name=_("author"),
    )
    body = models.TextField(_("comment"), max_length=5000, help_text=_("Markdown."))
    body_html = models.TextField(editable=False, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.NEEDS_REVIEW
    )
    screening = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(
                fields=["project", "parent", "state", "created_at", "id"], name="comment_page"
            ),
            models.Index(fields=["state", "created_at"], name="comment_state"),
            models.Index(fields=["author", "created_at"], name="comment_author"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} · {self.project.title if self.project_id else ''}"

    def get_absolute_url(self) -> str:
        return reverse("comments:show", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.state == self.State.PUBLISHED
