from django.utils.translation import gettext_lazy as _

from sunlight.modules import ApiRouter, DemoStep, ModuleConfig, NavItem, PortalEntry, Urls


class ComplaintsConfig(ModuleConfig):
    name = "sunlight.complaints"
    label = "complaints"
    verbose_name = _("效能投诉")
    layer = "domain"
    public_urls = Urls("complaints/", "sunlight.complaints.urls.public")
    workbench_urls = Urls("workbench/complaints/", "sunlight.complaints.urls.workbench")
    api_routers = (ApiRouter("/complaints/", "sunlight.complaints.api.router", "complaints 效能投诉"),)
    portal_entry = PortalEntry(
        "complaints",
        _("效能投诉"),
        _("办事拖延、窗口服务差、工作人员作风问题，可以在线投诉，凭投诉编号和查询码查看调查结果。"),
        "complaints:index",
        order=82,
    )
    workbench_nav = (NavItem(_("效能投诉"), "complaints_wb:list", order=82),)
    demo_steps = (
        DemoStep(
            "complaints", "sunlight.complaints.demo.build_complaints", 8, "Efficiency complaints in every state.", 65
        ),
    )
    verbs = {
        "complaints.file": _("网上提交效能投诉"),
        "complaints.register": _("登记效能投诉"),
        "complaints.investigate": _("启动投诉调查"),
        "complaints.note": _("记录调查情况"),
        "complaints.conclude": _("办结效能投诉"),
    }
