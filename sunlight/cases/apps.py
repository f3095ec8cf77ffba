from django.utils.translation import gettext_lazy as _

from sunlight.modules import ApiRouter, DemoStep, ModuleConfig, NavItem, PortalEntry, Urls


class CasesConfig(ModuleConfig):
    name = "sunlight.cases"
    label = "cases"
    verbose_name = _("网上办事大厅与办件")
    layer = "domain"
    jobs_module = "tasks"
    public_urls = Urls("hall/cases/", "sunlight.cases.urls.public")
    workbench_urls = Urls("workbench/cases/", "sunlight.cases.urls.workbench")
    api_routers = (ApiRouter("/cases/", "sunlight.cases.api.router", "cases 办件"),)
    portal_entry = PortalEntry(
        "cases",
        _("我的办件"),
        _("在线申请事项，查看办理进度、告知书和审批结果。"),
        "cases:mine",
        order=25,
    )
    workbench_nav = (NavItem(_("办件"), "cases_wb:queue", order=30),)
    demo_steps = (DemoStep("cases", "sunlight.cases.demo.build_cases", 300, "Demo cases in every state.", 50),)
    verbs = {
        "cases.fee": _("收费登记"),
        "cases.submit": _("网上提交申请"),
        "cases.register": _("窗口登记申请"),
        "cases.receive": _("接收平台推送的申请"),
        "cases.joint": _("并联审批统一受理"),
        "cases.prereview": _("预审"),
        "cases.accept": _("受理"),
        "cases.refuse": _("不予受理"),
        "cases.correction": _("一次性告知补正"),
        "cases.correct": _("提交补正材料"),
        "cases.withdraw": _("撤回申请"),
        "cases.on_the_spot": _("即办件当场办结"),
        "cases.step": _("办理环节"),
        "cases.decide": _("作出审批决定"),
        "cases.extend": _("延长审批期限"),
        "cases.special": _("启动特别程序"),
        "cases.suspend": _("中止办理"),
        "cases.resume": _("恢复办理"),
        "cases.deliver": _("送达办结"),
        "cases.transfer": _("层级移交（转交受理、上报、指导办）"),
    }
