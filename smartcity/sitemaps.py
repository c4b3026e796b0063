"""sitemap.xml: the public pages only. Every section starts from the same public selector the
app's own pages and feeds use, so nothing staff-only or unpublished can slip in."""

from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.urls import reverse

from events.selectors import public_events
from forum.selectors import public_threads
from guides.selectors import published_guides
from places.models import Municipality
from projects.selectors import published_projects


class Sitemap(DjangoSitemap):
    """Addresses on SITE_URL (the sites framework's domain is not kept up to date here)."""

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme


class PagesSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return [
            "home",
            "projects:list",
            "forum:index",
            "events:list",
            "guides:list",
            "start",
            "places:municipality_list",
            "open_data",
            "about",
            "accessibility",
            "api_landing",
        ]

    def location(self, item):
        return reverse(item)


class ProjectsSitemap(Sitemap):
    def items(self):
        return published_projects().only("slug", "updated_at").order_by("pk")

    def lastmod(self, project):
        return project.updated_at


class GuidesSitemap(Sitemap):
    def items(self):
        return published_guides().only("slug", "updated_at").order_by("pk")

    def lastmod(self, guide):
        return guide.updated_at


class EventsSitemap(Sitemap):
    def items(self):
        return public_events().only("slug").order_by("pk")


class ThreadsSitemap(Sitemap):
    def items(self):
        return public_threads().only("pk", "slug", "last_post_at").order_by("pk")

    def lastmod(self, thread):
        return thread.last_post_at


class MunicipalitiesSitemap(Sitemap):
    def items(self):
        return Municipality.objects.only("slug").order_by("code")


class DatasetsSitemap(Sitemap):
    def items(self):
        from catalogue.selectors import published_datasets

        return published_datasets().only("slug", "modified").order_by("pk")

    def lastmod(self, dataset):
        return dataset.modified


SITEMAPS = {
    "pages": PagesSitemap,
    "projects": ProjectsSitemap,
    "guides": GuidesSitemap,
    "events": EventsSitemap,
    "forum": ThreadsSitemap,
    "municipalities": MunicipalitiesSitemap,
}
if apps.is_installed("catalogue"):  # the open-data catalogue is merged in parallel
    SITEMAPS["datasets"] = DatasetsSitemap
