from django.utils.translation import gettext_lazy as _

from sunlight.modules import ApiRouter, ModuleConfig


class EventsConfig(ModuleConfig):
    name = "sunlight.events"
    label = "events"
    layer = "kernel"
    verbose_name = _("事件记录")
    api_routers = (ApiRouter("/events/", "sunlight.events.api.router", "events 事件"),)
    verbs = {
        "security.permission_denied": _("越权访问被拒绝"),
        "security.export": _("导出数据"),
        "security.undecryptable": _("个人信息无法解密（密钥不符）"),
        "security.field_key_file": _("写入个人信息加密密钥文件"),
        "security.field_key_rotated": _("轮换个人信息加密密钥"),
    }

    def ready(self) -> None:
        super().ready()
        from . import security  # noqa: F401  (connects the login signal receivers)
