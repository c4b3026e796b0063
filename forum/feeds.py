"""Atom feeds of public threads: the latest overall and per public category."""

from django.contrib.syndication.views import Feed
from django.db.models import Max
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from smartcity.http_cache import Validator, conditional, validator_for_queryset
from smartcity.text import xml_safe

from .models import Category
from .selectors import public_threads

FEED_SIZE = 30


def _xml_safe(value):
    if isinstance(value, str | Promise):
        return xml_safe(str(value))
    if isinstance(value, list | tuple):
        return [_xml_safe(item) for item in value]
    return value


class XmlSafeAtomFeed(Atom1Feed):
    """An Atom feed that drops the characters XML forbids from everything it is given: a
    control character in one post must not take the whole feed down."""

    def __init__(self, *args, **kwargs):
        super().__init__(
            *[_xml_safe(value) for value in args],
            **{name: _xml_safe(value) for name, value in kwargs.items()},
        )

    def add_item(self, *args, **kwargs):
        super().add_item(
            *[_xml_safe(value) for value in args],
            **{name: _xml_safe(value) for name, value in kwargs.items()},
        )


class LatestThreadsFeed(Feed):
    feed_type = XmlSafeAtomFeed
    title = _("Smart City Danmark forum: latest threads")
    subtitle = _("New and active threads in the public categories of the forum.")

    def link(self):
        return reverse("forum:index")

    def _threads(self):
        return (
            public_threads()
            .select_related("first_post", "author", "category")
            .order_by("-last_post_at")
        )

    def items(self):
        return self._threads()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Stored, sanitised HTML of the opening post.
        return item.first_post.body_html if item.first_post else ""

    def item_link(self, item):
        return item.get_absolute_url()

    def item_author_name(self, item):
        return item.author.display_name

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.last_post_at

    def item_categories(self, item):
        return [item.category.label]


class CategoryFeed(LatestThreadsFeed):
    def get_object(self, request, slug):
        category = get_object_or_404(Category, slug=slug)
        if not category.is_public:
            raise Http404
        return category

    def title(self, obj):
        return _("Smart City Danmark forum: %(category)s") % {"category": obj.label}

    def subtitle(self, obj):
        return obj.blurb

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return self._threads().filter(category=obj)[:FEED_SIZE]


def _feed_validator(request, slug: str | None = None) -> Validator:
    """The threads a feed shows: their newest activity and number, and edited opening posts
    (an edited title or text changes no thread timestamp)."""
    threads = public_threads()
    if slug is not None:
        threads = threads.filter(category__slug=slug)
    return validator_for_queryset(
        request, threads, timestamp_field="last_post_at", edited=Max("first_post__edited_at")
    )


latest_threads_feed = conditional(_feed_validator)(LatestThreadsFeed())
category_feed = conditional(_feed_validator)(CategoryFeed())
