from django.utils.translation import gettext_lazy as _

from sunlight.modules import ApiRouter, DemoStep, ModuleConfig, NavItem, PortalEntry, Urls

SAVED = "django.db.models.signals.post_save"


class AttentionConfig(ModuleConfig):
    name = "sunlight.attention"
    label = "attention"
    verbose_name = _("民意分析")
    layer = "domain"
    public_urls = Urls("attention/", "sunlight.attention.urls.public")
    workbench_urls = Urls("workbench/attention/", "sunlight.attention.urls.workbench")
    api_routers = (ApiRouter("/attention/", "sunlight.attention.api.router", "attention 民意分析"),)
    portal_entry = PortalEntry(
        "attention",
        _("民意热点"),
        _("群众来信反映最多的问题，每月热点、突增话题和趋势，以及背后的来信和答复。"),
        "attention:index",
        order=85,
    )
    workbench_nav = (NavItem(_("民意分析"), "attention_wb:index", order=85),)
    demo_steps = (
        DemoStep(
            "attention",
            "sunlight.attention.demo.build_attention",
            1,
            "Sketch the demo letters, suggest duplicates.",
            72,
        ),
    )
    jobs_module = "tasks"
    receivers = ((SAVED, "sunlight.attention.receivers.letter_saved", "attention-letter"),)
    verbs = {"attention.dismiss": _("排除重复来信线索")}
