from django.utils.translation import gettext_lazy as _

from sunlight.modules import ApiRouter, DemoStep, ModuleConfig, NavItem, PortalEntry, Urls


class LettersConfig(ModuleConfig):
    name = "sunlight.letters"
    label = "letters"
    verbose_name = _("领导信箱")
    layer = "domain"
    public_urls = Urls("letters/", "sunlight.letters.urls.public")
    workbench_urls = Urls("workbench/letters/", "sunlight.letters.urls.workbench")
    api_routers = (ApiRouter("/letters/", "sunlight.letters.api.router", "letters 领导信箱"),)
    portal_entry = PortalEntry(
        "letters",
        _("领导信箱"),
        _("咨询、建议、投诉、求助、举报，无需注册即可写信，凭查询码查看答复，答复后可以评价。"),
        "letters:index",
        order=84,
    )
    workbench_nav = (NavItem(_("领导信箱"), "letters_wb:list", order=84),)
    demo_steps = (
        DemoStep("letters", "sunlight.letters.demo.build_letters", 300, "A year of letters to the mailboxes.", 70),
    )
    jobs_module = "tasks"
    verbs = {
        "letters.write": _("收到来信"),
        "letters.accept": _("受理来信"),
        "letters.refuse": _("来信不予受理"),
        "letters.assign": _("转办来信"),
        "letters.take": _("签收承办来信"),
        "letters.return": _("退回来信"),
        "letters.extend": _("来信延期"),
        "letters.reply": _("答复来信"),
        "letters.reply_group": _("归并答复来信"),
        "letters.follow_up": _("回访来信人"),
        "letters.urge": _("督办来信"),
        "letters.rate": _("来信人评价答复"),
        "letters.reopen": _("来信重新办理"),
        "letters.publish": _("公开来信"),
        "letters.unpublish": _("撤回公开来信"),
        "letters.group": _("归并来信"),
    }
