from django.utils.translation import gettext_lazy as _

from sunlight.modules import ApiRouter, DemoStep, ModuleConfig, NavItem, PortalEntry, Urls


class RatingsConfig(ModuleConfig):
    name = "sunlight.ratings"
    label = "ratings"
    verbose_name = _("好差评")
    layer = "domain"
    public_urls = Urls("ratings/", "sunlight.ratings.urls.public")
    workbench_urls = Urls("workbench/ratings/", "sunlight.ratings.urls.workbench")
    api_routers = (ApiRouter("/ratings/", "sunlight.ratings.api.router", "ratings 好差评"),)
    portal_entry = PortalEntry(
        "ratings", _("好差评"), _("各机构、各事项的服务满意率和差评整改率。"), "ratings:index", order=80
    )
    workbench_nav = (NavItem(_("好差评"), "ratings_wb:list", order=80),)
    demo_steps = (
        DemoStep("ratings", "sunlight.ratings.demo.build_ratings", 40, "Ratings of delivered demo cases.", 60),
    )
    verbs = {
        "ratings.rate": _("评价办件"),
        "ratings.rate_visit": _("评价窗口服务"),
        "ratings.callback": _("差评回访"),
        "ratings.rectify": _("差评整改"),
        "ratings.report": _("反馈整改结果"),
        "ratings.appeal": _("申诉评价"),
        "ratings.review": _("复核申诉"),
    }
