from django.utils.translation import gettext_lazy as _

from sunlight.modules import ApiRouter, DemoStep, ModuleConfig, NavItem, PortalEntry, Urls


class HallConfig(ModuleConfig):
    name = "sunlight.hall"
    label = "hall"
    verbose_name = _("服务大厅")
    layer = "domain"
    public_urls = Urls("hall/", "sunlight.hall.urls.public")
    workbench_urls = Urls("workbench/hall/", "sunlight.hall.urls.workbench")
    api_routers = (ApiRouter("/hall/", "sunlight.hall.api.router", "hall 服务大厅"),)
    portal_entry = PortalEntry(
        "hall", _("预约办事"), _("预约政务服务中心窗口的办理时段，到场签到取号。"), "hall:slots", order=25
    )
    workbench_nav = (NavItem(_("服务大厅"), "hall_wb:index", order=30),)
    demo_steps = (DemoStep("hall", "sunlight.hall.demo.build_hall", 6, "Demo appointment slots and bookings.", 45),)
    jobs_module = "tasks"
    verbs = {
        "hall.open_slots": _("开放预约时段"),
        "hall.book": _("预约办事"),
        "hall.cancel": _("取消预约"),
        "hall.check_in": _("预约签到"),
        "hall.take_ticket": _("现场取号"),
        "hall.call": _("窗口叫号"),
        "hall.finish": _("办理完毕"),
        "hall.skip": _("过号"),
        "hall.no_show": _("预约爽约"),
    }
