from importlib import import_module

from django.apps import apps
from django.contrib.admin.apps import SimpleAdminConfig
from django.utils.module_loading import module_has_submodule

# django-leaflet's admin module needs GeoDjango (and so the GDAL system library), which this
# project does not use; every other app's admin module is discovered as usual.
SKIPPED_ADMIN_MODULES = {"leaflet"}


class AdminConfig(SimpleAdminConfig):
    default_site = "smartcity.admin_site.SmartCityAdminSite"

    def ready(self) -> None:
        super().ready()
        for app_config in apps.get_app_configs():
            if app_config.name in SKIPPED_ADMIN_MODULES:
                continue
            if module_has_submodule(app_config.module, "admin"):
                import_module(f"{app_config.name}.admin")
