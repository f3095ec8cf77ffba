from django.utils.translation import gettext_lazy as _

from sunlight.modules import ModuleConfig


class OpsConfig(ModuleConfig):
    """Operating an install: field-key file and rotation, backup and restore (commands only, no models)."""

    name = "sunlight.ops"
    label = "ops"
    layer = "door"
    verbose_name = _("运维")
    verbs = {"ops.backup": _("备份数据"), "ops.restore": _("恢复数据")}

    def ready(self) -> None:
        super().ready()
        from sunlight import fieldkeys  # noqa: F401  (registers the start-up check of the field keys)
