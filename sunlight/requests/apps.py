from django.utils.translation import gettext_lazy as _

from sunlight.modules import ApiRouter, DemoStep, ModuleConfig, NavItem, PortalEntry, Urls


class RequestsConfig(ModuleConfig):
    name = "sunlight.requests"
    label = "requests"
    verbose_name = _("依申请公开")
    public_urls = Urls("requests/", "sunlight.requests.urls.public")
    workbench_urls = Urls("workbench/requests/", "sunlight.requests.urls.workbench")
    api_routers = (ApiRouter("/requests/", "sunlight.requests.api.router", "requests 依申请公开"),)
    portal_entry = PortalEntry(
        "requests", _("依申请公开"), _("在线申请政府信息公开，凭查询码跟踪办理进度。"), "requests:landing", order=20
    )
    workbench_nav = (NavItem(_("依申请公开"), "requests_wb:list", order=20),)
    demo_steps = (
        DemoStep(
            "requests", "sunlight.requests.demo.build_requests", 240, "How many demo disclosure requests (0: none).", 20
        ),
    )
    jobs_module = "tasks"
    org_page = "sunlight.requests.views.landing.org_page"
    # The law tables: org admins view them; changing them is left to the editors of shared settings (the admin
    # checks sunlight.orgs.shared), since the law is the same for every region.
    admin_managed = {"outcome": ("view", "change"), "applicanttype": ("view",), "statutorylimit": ("view", "change")}
    # A year's official holiday notice moves the deadlines counted through its estimated days.
    receivers = (
        (
            "sunlight.clock.signals.official_notice_entered",
            "sunlight.requests.actions.deadlines.on_official_notice",
            "requests.deadlines.official_notice",
        ),
        # An admin's change to one day moves the deadlines that run through it.
        (
            "sunlight.clock.signals.workday_changed",
            "sunlight.requests.actions.deadlines.on_workday_changed",
            "requests.deadlines.workday_changed",
        ),
    )
    verb_prefixes = {"requests.outcome": _("答复类型"), "requests.statutory_limit": _("法定时限")}
    verbs = {
        "requests.submit": _("网上提交申请"),
        "requests.query_code_reissued": _("重复提交：重新生成查询码"),
        "requests.register": _("登记申请"),
        "requests.split": _("一事一申请：拆分"),
        "requests.split_off": _("由拆分产生"),
        "requests.correction_notice": _("补正告知"),
        "requests.correction_received": _("收到补正"),
        "requests.correction_submitted": _("申请人网上补正"),
        "requests.correction_lapse": _("逾期未补正，不再处理"),
        "requests.consult": _("征求意见"),
        "requests.consultation_answer": _("收到意见"),
        "requests.consultation_lapse": _("征求意见期限届满"),
        "requests.consultation_override": _("因公共利益决定公开"),
        "requests.extend": _("延期答复"),
        "requests.extension_requested": _("申请延期答复"),
        "requests.extension_approved": _("批准延期答复"),
        "requests.extension_refused": _("不予批准延期答复"),
        "requests.reply_drafted": _("拟写答复，提请签发"),
        "requests.reply_signed_off": _("签发答复"),
        "requests.reply_returned": _("退回答复稿"),
        "requests.reply_attach": _("上传答复附件"),
        "requests.reply_detach": _("删除答复附件"),
        "requests.reasonable_deadline": _("确定合理答复期限（第三十五条）"),
        "requests.deadline_set": _("工作日历载入后确定答复期限"),
        "requests.deadline_recomputed": _("按官方放假安排重新计算答复期限"),
        "requests.fee_notice": _("收费通知"),
        "requests.fee_paid": _("缴纳信息处理费"),
        "requests.fee_lapsed": _("逾期未缴费，不再处理"),
        "requests.reply": _("答复"),
        "requests.reveal_personal_data": _("查看申请人完整信息"),
        "requests.propose_for_disclosure": _("转为主动公开（第四十四条）"),
        "requests.appeal.record": _("登记行政复议、行政诉讼"),
        "requests.appeal.decide": _("登记复议、诉讼结果"),
    }
