from django.utils.translation import gettext_lazy as _

from sunlight.modules import ModuleConfig


class WorkbenchConfig(ModuleConfig):
    name = "sunlight.workbench"
    label = "workbench"
    layer = "door"
    verbose_name = _("工作台")
    jobs_module = "tasks"
    verbs = {
        "settings.propose": _("提出共享设置修改建议"),
        "settings.accept": _("采纳共享设置修改建议"),
        "settings.decline": _("不采纳共享设置修改建议"),
    }
