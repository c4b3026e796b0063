"""The knowledge-sharing forum: categories, threads, posts and what hangs off them.

Counters that every list page needs (threads and posts per category, replies and "useful"
marks per post, the latest activity) are denormalised and kept up to date by forum.services,
so list pages never count or join on the hot path.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from smartcity.slugs import danish_slugify


class State(models.TextChoices):
    PUBLISHED = "published", _("Published")
    NEEDS_REVIEW = "needs_review", _("Waiting for a moderator")
    HIDDEN = "hidden", _("Hidden")
    REJECTED = "rejected", _("Rejected")


class Category(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public: anyone can read")
        STAFF = "staff", _("Staff only: municipal staff and moderators")

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=80)
    name_en = models.CharField(_("English name"), max_length=80)
    description = models.CharField(_("description"), max_length=300, blank=True)
    description_en = models.CharField(_("English description"), max_length=300, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Denormalised, kept by services.category_refresh().
    thread_count = models.PositiveIntegerField(_("threads"), default=0, editable=False)
    post_count = models.PositiveIntegerField(_("posts"), default=0, editable=False)
    last_post_at = models.DateTimeField(_("latest activity"), null=True, editable=False)
    last_thread = models.ForeignKey(
        "Thread", on_delete=models.SET_NULL, null=True, editable=False, related_name="+"
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("forum category")
        verbose_name_plural = _("forum categories")

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("forum:category", args=[self.slug])

    @property
    def label(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name

    @property
    def blurb(self) -> str:
        return (
            self.description_en
            if get_language() == "en" and self.description_en
            else self.description
        )

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC


class Thread(models.Model):
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="threads", verbose_name=_("category")
    )
    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=80, allow_unicode=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="forum_threads",
        verbose_name=_("author"),
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forum_threads",
        verbose_name=_("project"),
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.NEEDS_REVIEW
    )
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    first_post = models.ForeignKey(
        "Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    solution = models.ForeignKey(
        "Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted answer"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    # Denormalised, kept by services.thread_refresh(): published posts only.
    post_count = models.PositiveIntegerField(_("posts"), default=0, editable=False)
    last_post_at = models.DateTimeField(_("latest activity"), null=True, editable=False)
    last_poster = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["-is_pinned", "-last_post_at"]
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        indexes = [
            models.Index(
                fields=["category", "state", "-is_pinned", "-last_post_at"],
                name="forum_thread_listing",
            ),
            models.Index(fields=["state", "-last_post_at"], name="forum_thread_latest"),
            # Unread markers: "anything in this category newer than the reader's cut-off?"
            models.Index(
                fields=["category", "state", "last_post_at"], name="forum_thread_activity"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = danish_slugify(self.title, max_length=80, fallback="emne")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("forum:thread", args=[self.pk, self.slug])

    @property
    def reply_count(self) -> int:
        return max(self.post_count - 1, 0)

    @property
    def is_solved(self) -> bool:
        return self.solution_id is not None


class Post(models.Model):
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="posts", verbose_name=_("thread")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="forum_posts",
        verbose_name=_("author"),
    )
    body = models.TextField(_("text"), help_text=_("Markdown."))
    body_html = models.TextField(editable=False, blank=True)  # rendered once, at save
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.NEEDS_REVIEW
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True, editable=False)
    useful_count = models.PositiveIntegerField(_("useful"), default=0, editable=False)
    screening = models.JSONField(_("screening"), default=dict, blank=True, editable=False)
    # Thread title (weight A, opening post only) and body (weight B), `danish` configuration;
    # filled by services on PostgreSQL, GIN-indexed by migration 0002. Unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [
            models.Index(fields=["thread", "state", "created_at", "id"], name="forum_post_page"),
            models.Index(fields=["state", "created_at"], name="forum_post_state"),
            models.Index(fields=["author", "created_at"], name="forum_post_author"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} · {self.thread}"

    def get_absolute_url(self) -> str:
        return reverse("forum:post", args=[self.pk])


class PostRevision(models.Model):
    """The text of a post before an edit: the edit history moderators can read."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(_("previous text"))
    title = models.CharField(_("previous title"), max_length=160, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("edited"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("post revision")
        verbose_name_plural = _("post revisions")

    def __str__(self) -> str:
        return f"{self.post_id} @ {self.created_at:%Y-%m-%d %H:%M}"


class Attachment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    image = models.ImageField(_("image"), upload_to="forum/%Y/%m/")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt_text = models.CharField(_("image description"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.image.name


class Reaction(models.Model):
    """A "useful" mark by one member on one post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_reactions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("useful mark")
        verbose_name_plural = _("useful marks")
        constraints = [
            models.UniqueConstraint(fields=["user", "post"], name="forum_one_reaction_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.post_id}"


class Subscription(models.Model):
    """A member watching a thread or a whole category."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_subscriptions"
    )
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(thread__isnull=False, category__isnull=True)
                    | models.Q(thread__isnull=True, category__isnull=False)
                ),
                name="forum_subscription_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=models.Q(thread__isnull=False),
                name="forum_one_thread_subscription",
            ),
            models.UniqueConstraint(
                fields=["user", "category"],
                condition=models.Q(category__isnull=False),
                name="forum_one_category_subscription",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.thread_id or self.category_id}"


class ThreadRead(models.Model):
    """How far a member has read a thread, and when they were last e-mailed about it.

    A watcher gets a new e-mail only when they have visited the thread since the last one:
    notified_at is null, or last_read_at >= notified_at."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_reads"
    )
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="reads")
    last_read_at = models.DateTimeField(null=True)
    last_read_post_id = models.BigIntegerField(null=True)
    notified_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="forum_one_read_per_thread")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.thread_id}"


class ReadCutoff(models.Model):
    """ "Mark all read": everything older than all_read_at counts as read for this member."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_read_cutoff"
    )
    all_read_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.all_read_at}"


class ForumModerationQueue(Post):
    """The posts that wait for a moderator: a filtered changelist in admin."""

    class Meta:
        proxy = True
        verbose_name = _("post waiting for review")
        verbose_name_plural = _("posts waiting for review")
