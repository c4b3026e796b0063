"""An Atom feed of what is new in curated knowledge: new success stories and new guides."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from projects.selectors import published_projects

from .selectors import _with_versions, published_guides

FEED_SIZE = 20


class SuccessFeed(Feed):
    feed_type = Atom1Feed
    title = _("Smart City Danmark: new success stories and guides")
    subtitle = _("Projects with measured results featured as success stories, and new guides.")

    def link(self):
        return reverse("guides:list")

    def items(self):
        stories = (
            published_projects()
            .filter(featured_at__isnull=False)
            .select_related("theme")
            .order_by("-featured_at")[:FEED_SIZE]
        )
        guides = _with_versions(published_guides()).order_by("-published_at")[:FEED_SIZE]
        language = get_language() or "da"
        items = [("story", p, p.featured_at, p.title, p.summary) for p in stories]
        for guide in guides:
            version = guide.version_for(language)
            items.append(("guide", guide, guide.published_at, version.title, version.summary))
        items.sort(key=lambda item: item[2], reverse=True)
        return items[:FEED_SIZE]

    def item_title(self, item):
        kind, _obj, _when, title, _summary = item
        prefix = _("Success story") if kind == "story" else _("Guide")
        return f"{prefix}: {title}"

    def item_description(self, item):
        return item[4]

    def item_link(self, item):
        return item[1].get_absolute_url()

    def item_guid(self, item):
        return f"{item[0]}-{item[1].pk}"

    def item_pubdate(self, item):
        return item[2]

    def item_updateddate(self, item):
        return item[1].updated_at
