from django.utils.translation import gettext_lazy as _

from sunlight.modules import ModuleConfig


class DemoConfig(ModuleConfig):
    name = "sunlight.demo"
    label = "demo"
    layer = "door"
    verbose_name = _("演示数据")
