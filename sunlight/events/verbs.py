"""What each event verb means, in words a member of staff reads on a timeline (the verb itself stays the key).

Every verb the code records has a label here; tests/test_event_verbs.py reads the source for record(...) calls
and fails on a verb without one. Admin edits ("<prefix>.create|update|delete") are labelled from their prefix.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

LABELS = {
    # accounts and security
    "accounts.register": _("注册账号"),
    "security.login": _("登录"),
    "security.login_failed": _("登录失败"),
    "security.logout": _("退出登录"),
    "security.otp_enrolled": _("启用动态口令"),
    "security.otp_failed": _("动态口令错误"),
    "security.otp_removed": _("停用动态口令"),
    "security.permission_denied": _("越权访问被拒绝"),
    "security.token_issued": _("签发接口令牌"),
    "security.token_revoked": _("吊销接口令牌"),
    "security.export": _("导出数据"),
    "todo.done": _("完成待办"),
    "security.undecryptable": _("个人信息无法解密（密钥不符）"),
    "security.field_key_file": _("写入个人信息加密密钥文件"),
    "security.field_key_rotated": _("轮换个人信息加密密钥"),
    "ops.backup": _("备份数据"),
    "ops.restore": _("恢复数据"),
    # working-day calendar
    "calendar.seed": _("载入官方工作日历"),
    "calendar.load_weekends": _("按周末推定载入工作日历"),
    "calendar.load_estimate": _("按法定节假日预计载入工作日历"),
    "calendar.official_notice": _("录入国务院办公厅放假安排"),
    "calendar.set_workday": _("修改工作日"),
    # proactive disclosure
    "disclosure.create": _("起草政府信息"),
    "disclosure.update": _("修改政府信息"),
    "disclosure.attach": _("上传附件"),
    "disclosure.detach": _("删除附件"),
    "disclosure.screen": _("检查敏感信息"),
    "disclosure.submit": _("提交保密审查"),
    "disclosure.mask": _("遮蔽敏感内容"),
    "disclosure.review.approved": _("保密审查：同意公开"),
    "disclosure.review.returned": _("保密审查：退回修改"),
    "disclosure.schedule": _("定时发布"),
    "disclosure.publish": _("发布"),
    "disclosure.withdraw": _("撤回"),
    "disclosure.validity": _("变更有效性"),
    "disclosure.link_interpretation": _("关联政策解读"),
    "disclosure.guide": _("修改公开指南"),
    "disclosure.import": _("批量导入"),
    "disclosure.import_job.start": _("开始批量导入"),
    # disclosure on request
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
    # annual report
    "reports.save": _("编写年度报告"),
    "reports.year_figures": _("填报年度数据"),
    "reports.submit": _("提交发布年度报告"),
    # shared settings (calendar, taxonomies, word lists, law tables)
    "settings.propose": _("提出共享设置修改建议"),
    "settings.accept": _("采纳共享设置修改建议"),
    "settings.decline": _("不采纳共享设置修改建议"),
}

# Admin edits of settings tables: "<prefix>.create|update|delete".
PREFIXES = {
    "orgs.region": _("行政区划"),
    "orgs.org": _("机构"),
    "orgs.membership": _("岗位"),
    "requests.outcome": _("答复类型"),
    "requests.statutory_limit": _("法定时限"),
    "disclosure.topic": _("主题分类"),
    "disclosure.genre": _("体裁分类"),
    "disclosure.key_area": _("重点领域"),
    "disclosure.sensitive_word": _("敏感词"),
    "search.synonym": _("搜索同义词"),
}
ADMIN_ACTS = {"create": _("新增"), "update": _("修改"), "delete": _("删除")}


def label(verb: str) -> str:
    """The verb in words; an unknown verb is shown as it is (an event is never hidden for want of a label)."""
    if verb in LABELS:
        return str(LABELS[verb])
    prefix, _dot, act = verb.rpartition(".")
    if prefix in PREFIXES and act in ADMIN_ACTS:
        # Chinese joins the two words, English puts a space between them: the pattern is translated too.
        return gettext("%(act)s%(what)s") % {"act": ADMIN_ACTS[act], "what": PREFIXES[prefix]}
    return verb
