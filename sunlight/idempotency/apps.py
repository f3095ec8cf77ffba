from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdempotencyConfig(AppConfig):
    name = "sunlight.idempotency"
    label = "idempotency"
    verbose_name = _("重复提交保护")
