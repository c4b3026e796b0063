"""Atom feeds of new projects, one per alert: /projects/feed/?municipality=<slug>&theme=<slug>
(both optional), so anyone can follow new projects without an account."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from places.models import Municipality

from .models import Theme
from .selectors import published_projects

FEED_SIZE = 30


class NewProjectsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request):
        filters = {}
        for name, model in (("municipality", Municipality), ("theme", Theme)):
            slug = request.GET.get(name, "").strip()
            if slug:
                found = model.objects.filter(slug=slug).first()
                if found is None:
                    raise Http404(f"No such {name}.")
                filters[name] = found
        return filters

    def title(self, obj):
        parts = [str(part) for part in (obj.get("theme"), obj.get("municipality")) if part]
        if not parts:
            return _("Smart City Danmark: new projects")
        return _("Smart City Danmark: new projects — %(filter)s") % {"filter": " · ".join(parts)}

    def subtitle(self, obj):
        return _("New Smart City projects on the map of Denmark, newest first.")

    def link(self, obj):
        query = "&".join(f"{name}={value.slug}" for name, value in obj.items())
        return reverse("projects:list") + (f"?{query}" if query else "")

    def items(self, obj):
        return (
            published_projects()
            .filter(**obj)
            .select_related("theme", "municipality")
            .order_by("-published_at")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        where = f" ({item.municipality.name})" if item.municipality_id else ""
        return f"{item.theme.label}{where}: {item.summary}"

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at
