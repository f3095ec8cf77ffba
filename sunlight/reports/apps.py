from django.utils.translation import gettext_lazy as _

from sunlight.modules import ApiRouter, DemoStep, ModuleConfig, NavItem, PortalEntry, Urls


class ReportsConfig(ModuleConfig):
    name = "sunlight.reports"
    label = "reports"
    verbose_name = _("年度报告")
    public_urls = Urls("reports/", "sunlight.reports.urls.public")
    workbench_urls = Urls("workbench/reports/", "sunlight.reports.urls.workbench")
    api_routers = (ApiRouter("/reports/", "sunlight.reports.api.router", "reports 年度报告"),)
    portal_entry = PortalEntry("reports", _("年度报告"), _("政府信息公开工作年度报告。"), "reports:annual", order=70)
    workbench_nav = (NavItem(_("年度报告"), "reports_wb:list", order=70),)
    # After the demo requests: the reports count them.
    demo_steps = (
        DemoStep("reports", "sunlight.reports.demo.build_reports", 1, "Build the 2025 demo reports (0: no).", 30),
    )
    jobs_module = "tasks"
    org_page = "sunlight.reports.views.public.org_page"
    verbs = {
        "reports.save": _("编写年度报告"),
        "reports.year_figures": _("填报年度数据"),
        "reports.submit": _("提交发布年度报告"),
    }
