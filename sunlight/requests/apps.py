from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsConfig(AppConfig):
    name = "sunlight.requests"
    label = "requests"
    verbose_name = _("依申请公开")
