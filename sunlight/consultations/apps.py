from django.utils.translation import gettext_lazy as _

from sunlight.modules import ApiRouter, DemoStep, ModuleConfig, NavItem, PortalEntry, Urls


class ConsultationsConfig(ModuleConfig):
    name = "sunlight.consultations"
    label = "consultations"
    verbose_name = _("意见征集")
    layer = "domain"
    public_urls = Urls("consultations/", "sunlight.consultations.urls.public")
    workbench_urls = Urls("workbench/consultations/", "sunlight.consultations.urls.workbench")
    api_routers = (ApiRouter("/consultations/", "sunlight.consultations.api.router", "consultations 意见征集"),)
    portal_entry = PortalEntry(
        "consultations",
        _("意见征集"),
        _("政策文件草案公开征求意见，查看意见采纳情况反馈；听证公告和听证记录。"),
        "consultations:index",
        order=25,
    )
    workbench_nav = (NavItem(_("意见征集"), "consultations_wb:list", order=25),)
    demo_steps = (
        DemoStep(
            "consultations",
            "sunlight.consultations.demo.build_consultations",
            2,
            "Public consultations (one concluded, one open) and a hearing.",
            35,
        ),
    )
    verbs = {
        "consultations.create": _("拟定意见征集"),
        "consultations.open": _("开始征集意见"),
        "consultations.comment": _("提交意见"),
        "consultations.moderate": _("审核意见"),
        "consultations.close": _("截止征集"),
        "consultations.point": _("编写反馈要点"),
        "consultations.point_remove": _("删除反馈要点"),
        "consultations.report": _("发布意见采纳情况反馈"),
        "consultations.link_final": _("关联正式文件"),
        "consultations.announce_hearing": _("发布听证公告"),
        "consultations.hearing_record": _("公开听证记录"),
    }
