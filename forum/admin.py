"""The forum in Django admin: categories, threads, posts and the "Forum moderation queue".

Every action calls forum.services, which records the decision in the shared audit log."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from moderation.admin import DecisionHistoryInline

from . import services
from .models import Category, ForumModerationQueue, Post, PostRevision, State, Thread


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "visibility", "position", "thread_count", "post_count"]
    list_editable = ["position"]
    list_filter = ["visibility"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["thread_count", "post_count", "last_post_at"]


def _thread_action(action: str, label):
    def run(modeladmin, request, queryset):
        for thread in queryset.select_related("category"):
            services.thread_moderate(thread=thread, action=action, by=request.user)
        count = queryset.count()
        modeladmin.message_user(
            request,
            ngettext("%(count)d thread updated.", "%(count)d threads updated.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    run.__name__ = f"thread_{action}"
    run.short_description = label
    run.allowed_permissions = ("change",)
    return run


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "category",
        "author",
        "state",
        "is_pinned",
        "is_locked",
        "post_count",
        "last_post_at",
    ]
    list_filter = ["state", "category", "is_pinned", "is_locked"]
    search_fields = ["title"]
    list_select_related = ["category", "author"]
    raw_id_fields = ["author", "project", "solution"]
    readonly_fields = [
        "state",
        "is_pinned",
        "is_locked",
        "category",
        "created_at",
        "post_count",
        "last_post_at",
    ]
    fields = [
        "title",
        "category",
        "author",
        "project",
        "solution",
        "state",
        "is_pinned",
        "is_locked",
        "created_at",
        "post_count",
        "last_post_at",
    ]
    inlines = [DecisionHistoryInline]
    actions = [
        _thread_action("lock", _("Lock the selected threads")),
        _thread_action("unlock", _("Unlock the selected threads")),
        _thread_action("pin", _("Pin the selected threads")),
        _thread_action("unpin", _("Unpin the selected threads")),
        _thread_action("hide", _("Hide the selected threads")),
        _thread_action("publish", _("Publish the selected threads")),
    ]

    def has_add_permission(self, request):
        return False  # threads are started in the forum, through the service


class PostRevisionInline(admin.TabularInline):
    model = PostRevision
    extra = 0
    can_delete = False
    fields = ["created_at", "edited_by", "title", "body"]
    readonly_fields = fields
    verbose_name_plural = _("edit history")

    def has_add_permission(self, request, obj=None):
        return False


def _post_action(state: str, label, name: str):
    def run(modeladmin, request, queryset):
        # Through Post, not the queue's proxy model: the audit log keys on the content type.
        posts = Post.objects.filter(pk__in=queryset.values("pk"))
        for post in posts.select_related("thread", "thread__category"):
            services.post_set_state(post=post, state=state, by=request.user)
        count = queryset.count()
        modeladmin.message_user(
            request,
            ngettext("%(count)d post updated.", "%(count)d posts updated.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    run.__name__ = name
    run.short_description = label
    run.allowed_permissions = ("change",)
    return run


POST_ACTIONS = [
    _post_action(State.PUBLISHED, _("Publish the selected posts"), "publish_posts"),
    _post_action(State.HIDDEN, _("Hide the selected posts"), "hide_posts"),
    _post_action(State.REJECTED, _("Reject the selected posts"), "reject_posts"),
]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "state", "created_at", "useful_count", "edited_at"]
    list_filter = ["state", "thread__category"]
    search_fields = ["body", "thread__title"]
    list_select_related = ["thread", "author"]
    raw_id_fields = ["thread", "author"]
    fields = [
        "thread",
        "author",
        "state",
        "created_at",
        "edited_at",
        "body",
        "rendered",
        "screening_display",
    ]
    readonly_fields = [
        "thread",
        "author",
        "state",
        "created_at",
        "edited_at",
        "body",
        "rendered",
        "screening_display",
    ]
    inlines = [PostRevisionInline, DecisionHistoryInline]
    actions = POST_ACTIONS

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("as shown"))
    def rendered(self, post):
        return _safe(post.body_html)

    @admin.display(description=_("screening"))
    def screening_display(self, post):
        reasons = (post.screening or {}).get("reasons", [])
        if not reasons:
            return _("No findings.")
        return "; ".join(r.get("message_da") or r.get("code", "") for r in reasons)


def _safe(html: str):
    from django.utils.safestring import mark_safe

    return mark_safe(html)  # noqa: S308 - stored HTML went through the sanitiser at save


@admin.register(ForumModerationQueue)
class ForumModerationQueueAdmin(PostAdmin):
    """Posts waiting for review: flagged by screening or taken down by reports."""

    list_display = ["__str__", "author", "created_at", "screening_display", "excerpt"]
    list_filter = ["thread__category"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(state=State.NEEDS_REVIEW)

    @admin.display(description=_("text"))
    def excerpt(self, post):
        return post.body[:200]
