from django.apps import AppConfig


class SmartcityConfig(AppConfig):
    name = "smartcity"
    verbose_name = "Smart City Danmark"

    def ready(self) -> None:
        from . import page_cache

        page_cache.connect_signals()
