from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from moderation.queues import pending_queues


class SmartCityAdminSite(admin.AdminSite):
    site_header = _("Smart City Danmark administration")
    site_title = "Smart City Danmark"
    index_title = _("Administration")
    index_template = "admin/smartcity_index.html"

    def index(self, request, extra_context=None):
        # Everyone, moderators included, lands on the overview: what waits in each queue, with
        # counts, and the rest of the admin below it.
        extra_context = {**(extra_context or {}), "moderation_queues": pending_queues()}
        return super().index(request, extra_context)
