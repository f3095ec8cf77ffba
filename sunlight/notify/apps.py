from django.utils.translation import gettext_lazy as _

from sunlight.modules import ModuleConfig


class NotifyConfig(ModuleConfig):
    name = "sunlight.notify"
    label = "notify"
    layer = "kernel"
    verbose_name = _("通知与待办")
    jobs_module = "tasks"
    verbs = {"todo.done": _("完成待办")}
