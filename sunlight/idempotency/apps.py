from django.utils.translation import gettext_lazy as _

from sunlight.modules import ModuleConfig


class IdempotencyConfig(ModuleConfig):
    name = "sunlight.idempotency"
    label = "idempotency"
    layer = "kernel"
    verbose_name = _("重复提交保护")
    jobs_module = "tasks"
