from django.utils.translation import gettext_lazy as _

from sunlight.modules import ApiRouter, DemoStep, ModuleConfig, NavItem, PortalEntry, Urls

SAVED = "django.db.models.signals.post_save"


class SupervisionConfig(ModuleConfig):
    name = "sunlight.supervision"
    label = "supervision"
    verbose_name = _("电子监察")
    layer = "domain"
    jobs_module = "tasks"
    public_urls = Urls("supervision/", "sunlight.supervision.urls.public")
    workbench_urls = Urls("workbench/supervision/", "sunlight.supervision.urls.workbench")
    api_routers = (ApiRouter("/supervision/", "sunlight.supervision.api.router", "supervision 电子监察"),)
    portal_entry = PortalEntry(
        "supervision",
        _("电子监察"),
        _("公开的监察规则、办件按时办结率和满意率，办理大厅实时情况。"),
        "supervision:index",
        order=80,
    )
    workbench_nav = (NavItem(_("电子监察"), "supervision_wb:dashboard", order=70),)
    demo_steps = (
        DemoStep(
            "supervision", "sunlight.supervision.demo.build_supervision", 1, "Lights, alerts, cards and 督办.", 90
        ),
    )
    receivers = (
        ("django.db.models.signals.post_migrate", "sunlight.supervision.seed.seed_rules", "supervision-seed-rules"),
        (SAVED, "sunlight.supervision.receivers.case_saved", "supervision-case"),
        (SAVED, "sunlight.supervision.receivers.step_saved", "supervision-step"),
        (SAVED, "sunlight.supervision.receivers.stage_saved", "supervision-stage"),
        (SAVED, "sunlight.supervision.receivers.request_saved", "supervision-request"),
        (SAVED, "sunlight.supervision.receivers.certificate_saved", "supervision-certificate"),
        (SAVED, "sunlight.supervision.receivers.letter_saved", "supervision-letter"),
    )
    verbs = {
        "supervision.rule": _("修订监察规则"),
        "supervision.close": _("办结告警"),
        "supervision.correct": _("更正撤销告警"),
        "supervision.appeal": _("对告警申诉"),
        "supervision.appeal_decided": _("处理告警申诉"),
        "supervision.urge": _("发出督办单"),
        "supervision.urge_answer": _("答复督办单"),
        "supervision.urge_close": _("办结督办单"),
        "supervision.urge_escalate": _("提级督办"),
        "supervision.report": _("生成电子监察月报"),
    }
