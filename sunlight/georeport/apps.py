from django.utils.translation import gettext_lazy as _

from sunlight.modules import ModuleConfig, Urls


class GeoreportConfig(ModuleConfig):
    name = "sunlight.georeport"
    label = "georeport"
    verbose_name = _("Open311 接口")
    layer = "door"
    public_urls = Urls("open311/v2/", "sunlight.georeport.urls")
    verbs = {"georeport.key": _("签发 Open311 接口密钥")}
