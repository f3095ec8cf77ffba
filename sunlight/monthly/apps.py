from django.utils.translation import gettext_lazy as _

from sunlight.modules import ApiRouter, DemoStep, ModuleConfig, NavItem, PortalEntry, Urls


class MonthlyConfig(ModuleConfig):
    name = "sunlight.monthly"
    label = "monthly"
    verbose_name = _("信息公开月报")
    layer = "domain"
    public_urls = Urls("monthly/", "sunlight.monthly.urls.public")
    workbench_urls = Urls("workbench/monthly/", "sunlight.monthly.urls.workbench")
    api_routers = (ApiRouter("/monthly/", "sunlight.monthly.api.router", "monthly 月报"),)
    portal_entry = PortalEntry(
        "monthly", _("月报"), _("各机构每月主动公开和依申请公开的办理数字。"), "monthly:index", order=75
    )
    workbench_nav = (NavItem(_("月报"), "monthly_wb:list", order=75),)
    demo_steps = (DemoStep("monthly", "sunlight.monthly.demo.build_monthly", 3, "Months of demo monthly reports.", 40),)
    jobs_module = "tasks"
    verbs = {"monthly.generate": _("生成信息公开月报")}
