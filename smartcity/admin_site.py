from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from moderation.queues import pending_queues


class SmartCityAdminSite(admin.AdminSite):
    site_header = _("Smart City Danmark administration")
    site_title = "Smart City Danmark"
    index_title = _("Administration")
    index_template = "admin/smartcity_index.html"

    def login(self, request, extra_context=None):
        # Everyone signs in through allauth, which asks for the second factor; admin's own
        # form would skip it.
        return secure_admin_login(super().login)(request, extra_context)

    def index(self, request, extra_context=None):
        # Everyone, moderators included, lands on the overview: what waits in each queue, with
        # counts, and the rest of the admin below it.
        extra_context = {**(extra_context or {}), "moderation_queues": pending_queues()}
        return super().index(request, extra_context)
