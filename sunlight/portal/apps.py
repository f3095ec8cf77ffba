from django.utils.translation import gettext_lazy as _

from sunlight.modules import ModuleConfig


class PortalConfig(ModuleConfig):
    name = "sunlight.portal"
    label = "portal"
    layer = "door"
    verbose_name = _("公众门户")
