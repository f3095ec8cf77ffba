from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsConfig(AppConfig):
    name = "sunlight.requests"
    label = "requests"
    verbose_name = _("依申请公开")

    def ready(self) -> None:
        from sunlight.clock.signals import official_notice_entered

        from .deadlines import on_official_notice

        # A year's official holiday notice moves the deadlines counted through its estimated days.
        official_notice_entered.connect(on_official_notice, dispatch_uid="requests.deadlines.official_notice")
