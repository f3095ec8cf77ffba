from django.utils.translation import gettext_lazy as _

from sunlight.modules import ApiRouter, DemoStep, ModuleConfig, NavItem, PortalEntry, Urls


class DemocracyConfig(ModuleConfig):
    name = "sunlight.democracy"
    label = "democracy"
    verbose_name = _("基层民主")
    layer = "domain"
    public_urls = Urls("democracy/", "sunlight.democracy.urls.public")
    workbench_urls = Urls("workbench/democracy/", "sunlight.democracy.urls.workbench")
    api_routers = (ApiRouter("/democracy/", "sunlight.democracy.api.router", "democracy 基层民主"),)
    portal_entry = PortalEntry(
        "democracy",
        _("基层民主"),
        _("村（居）民参加民主评议和村民议事表决，评议和表决结果公开。"),
        "democracy:index",
        order=86,
    )
    workbench_nav = (NavItem(_("基层民主"), "democracy_wb:index", order=86),)
    demo_steps = (
        DemoStep(
            "democracy",
            "sunlight.democracy.demo.build_democracy",
            4,
            "Village residents, a published evaluation and vote, open ones.",
            68,
        ),
    )
    verbs = {
        "democracy.register": _("登记村（居）民"),
        "democracy.end_residence": _("注销村（居）民登记"),
        "democracy.create_evaluation": _("起草民主评议"),
        "democracy.update_evaluation": _("修改民主评议"),
        "democracy.delete_evaluation": _("删除民主评议"),
        "democracy.open_evaluation": _("发起民主评议"),
        "democracy.cast_evaluation": _("参加民主评议"),
        "democracy.close_evaluation": _("结束民主评议"),
        "democracy.publish_evaluation": _("公布民主评议结果"),
        "democracy.create_proposal": _("起草村民议事议题"),
        "democracy.update_proposal": _("修改村民议事议题"),
        "democracy.delete_proposal": _("删除村民议事议题"),
        "democracy.open_proposal": _("发起村民议事表决"),
        "democracy.vote": _("参加村民议事表决"),
        "democracy.close_proposal": _("结束村民议事表决"),
        "democracy.publish_results": _("公布村民议事表决结果"),
    }
