"""Seed the law tables with the exact labels of the regulation and the annual report format.

Sources: 《中华人民共和国政府信息公开条例》 (国务院令第711号, 2019), 国办函〔2020〕109号, and the
annual report format 国办公开办函〔2021〕30号; see shared/reference/disclosure-law.md.
The data is written out here, not imported, so this migration stays what it was when it ran:
a later change in the law is a new data migration.
"""

from django.db import migrations

# (category, number, label, article, report_label)
OUTCOMES = [
    ("disclosed", None, "予以公开", "第三十六条第（一）、（二）项", "（一）予以公开"),
    ("partial", None, "部分公开", "第三十七条", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("withheld", 1, "属于国家秘密", "第十四条", "1.属于国家秘密"),
    ("withheld", 2, "其他法律行政法规禁止公开", "第十四条", "2.其他法律行政法规禁止公开"),
    ("withheld", 3, "危及“三安全一稳定”", "第十四条", "3.危及“三安全一稳定”"),
    ("withheld", 4, "保护第三方合法权益", "第十五条", "4.保护第三方合法权益"),
    ("withheld", 5, "属于三类内部事务信息", "第十六条第一款", "5.属于三类内部事务信息"),
    ("withheld", 6, "属于四类过程性信息", "第十六条第二款", "6.属于四类过程性信息"),
    ("withheld", 7, "属于行政执法案卷", "第十六条第二款", "7.属于行政执法案卷"),
    ("withheld", 8, "属于行政查询事项", "第三十六条第（七）项", "8.属于行政查询事项"),
    ("unavailable", 1, "本机关不掌握相关政府信息", "第三十六条第（四）、（五）项", "1.本机关不掌握相关政府信息"),
    ("unavailable", 2, "没有现成信息需要另行制作", "第三十八条", "2.没有现成信息需要另行制作"),
    ("unavailable", 3, "补正后申请内容仍不明确", "第三十条", "3.补正后申请内容仍不明确"),
    ("not_handled", 1, "信访举报投诉类申请", "第三十九条第一款", "1.信访举报投诉类申请"),
    ("not_handled", 2, "重复申请", "第三十六条第（六）项", "2.重复申请"),
    ("not_handled", 3, "要求提供公开出版物", "第三十九条第二款", "3.要求提供公开出版物"),
    ("not_handled", 4, "无正当理由大量反复申请", "第三十五条", "4.无正当理由大量反复申请"),
    ("not_handled", 5, "要求行政机关确认或重新出具已获取信息", "", "5.要求行政机关确认或重新出具已获取信息"),
    (
        "other", 1, "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "第三十条",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    (
        "other", 2, "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "第四十二条；国办函〔2020〕109号",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    ("other", 3, "其他", "", "3.其他"),
]

# (code, label, parent code)
APPLICANT_TYPES = [
    ("natural_person", "自然人", None),
    ("organization", "法人或其他组织", None),
    ("business", "商业企业", "organization"),
    ("research", "科研机构", "organization"),
    ("public_welfare", "社会公益组织", "organization"),
    ("legal_services", "法律服务机构", "organization"),
    ("other_organization", "其他", "organization"),
]

# (key, name, days, article, description, counts_toward_clock, is_verified)
STATUTORY_LIMITS = [
    (
        "reply", "答复期限", 20, "第三十三条",
        "能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内予以答复。",
        True, True,
    ),
    (
        "extension", "延长答复期限", 20, "第三十三条",
        "需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不得超过20个工作日。",
        True, True,
    ),
    (
        "correction_notice", "补正告知期限", 7, "第三十条",
        "申请内容不明确的，自收到申请之日起7个工作日内一次性告知申请人作出补正，并给予合理的补正期限；"
        "答复期限自收到补正后的申请之日起重新计算。申请人无正当理由逾期不补正的，视为放弃申请。",
        True, True,
    ),
    (
        "third_party_reply", "第三方意见期限", 15, "第三十二条",
        "公开可能损害第三方合法权益的，书面征求第三方意见；第三方自收到征求意见书之日起15个工作日内提出意见，"
        "逾期未提出的由行政机关决定是否公开。征求意见所需时间不计算在答复期限内（第三十三条）。",
        False, True,
    ),
    (
        "co_producer_reply", "共同制作机关意见期限", 15, "第三十四条",
        "申请公开的政府信息由两个以上行政机关共同制作的，牵头制作的行政机关征求相关行政机关意见，"
        "被征求意见机关自收到征求意见书之日起15个工作日内提出意见，逾期未提出的视为同意公开。"
        "征求意见所需时间不计算在答复期限内（第三十三条）。",
        False, True,
    ),
    (
        "fee_payment", "缴费期限", 20, "国办函〔2020〕109号",
        "申请人自收到收费通知之日起20个工作日内缴纳费用，逾期未缴纳的视为放弃申请，行政机关不再处理该申请。"
        "缴费期间是否计算在答复期限内待核实，默认不计算（即收费通知暂停计时），见 docs/requests.md。",
        False, False,
    ),
]


def seed(apps, schema_editor):
    Outcome = apps.get_model("requests", "Outcome")
    ApplicantType = apps.get_model("requests", "ApplicantType")
    StatutoryLimit = apps.get_model("requests", "StatutoryLimit")
    for order, (category, number, label, article, report_label) in enumerate(OUTCOMES, start=1):
        Outcome.objects.get_or_create(
            category=category, number=number,
            defaults={"label": label, "article": article, "report_label": report_label, "order": order},
        )
    for order, (code, label, parent_code) in enumerate(APPLICANT_TYPES, start=1):
        parent = ApplicantType.objects.get(code=parent_code) if parent_code else None
        ApplicantType.objects.get_or_create(code=code, defaults={"label": label, "parent": parent, "order": order})
    for order, (key, name, days, article, description, counts, verified) in enumerate(STATUTORY_LIMITS, start=1):
        StatutoryLimit.objects.get_or_create(
            key=key,
            defaults={
                "name": name, "days": days, "unit": "working_day", "article": article, "description": description,
                "counts_toward_clock": counts, "is_verified": verified, "order": order,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("requests", "StatutoryLimit").objects.filter(key__in=[row[0] for row in STATUTORY_LIMITS]).delete()
    ApplicantType = apps.get_model("requests", "ApplicantType")
    codes = [row[0] for row in APPLICANT_TYPES]
    ApplicantType.objects.filter(code__in=codes, parent__isnull=False).delete()
    ApplicantType.objects.filter(code__in=codes).delete()
    Outcome = apps.get_model("requests", "Outcome")
    for category, number, *_ in OUTCOMES:
        Outcome.objects.filter(category=category, number=number).delete()


class Migration(migrations.Migration):
    dependencies = [("requests", "0001_law_tables")]
    operations = [migrations.RunPython(seed, unseed)]
