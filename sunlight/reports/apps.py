from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "sunlight.reports"
    label = "reports"
    verbose_name = _("年度报告")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (the report follows its document's publication)
