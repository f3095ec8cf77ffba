"""The law as data: the seeded tables carry the exact labels of the regulation and the report format."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from sunlight.errors import SunlightError
from sunlight.requests import law
from sunlight.requests.models import ApplicantType, Outcome, StatutoryLimit

pytestmark = pytest.mark.django_db

# Section 三 of the report's request table, as printed (国办公开办函〔2021〕30号).
REPORT_ROWS = {
    "withheld": [
        "属于国家秘密",
        "其他法律行政法规禁止公开",
        "危及“三安全一稳定”",
        "保护第三方合法权益",
        "属于三类内部事务信息",
        "属于四类过程性信息",
        "属于行政执法案卷",
        "属于行政查询事项",
    ],
    "unavailable": ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"],
    "not_handled": [
        "信访举报投诉类申请",
        "重复申请",
        "要求提供公开出版物",
        "无正当理由大量反复申请",
        "要求行政机关确认或重新出具已获取信息",
    ],
    "other": [
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "其他",
    ],
}


def test_every_numbered_reason_is_seeded_with_its_exact_report_label():
    for category, labels in REPORT_ROWS.items():
        rows = list(Outcome.objects.filter(category=category).order_by("number"))
        assert [r.label for r in rows] == labels, category
        assert [r.number for r in rows] == list(range(1, len(labels) + 1))
        assert [r.report_label for r in rows] == [f"{i}.{label}" for i, label in enumerate(labels, start=1)]


def test_the_reasons_per_category_are_8_3_5_and_3_plus_two_single_rows():
    counts = {c: Outcome.objects.filter(category=c).count() for c in Outcome.Category.values}
    assert counts == {"disclosed": 1, "partial": 1, "withheld": 8, "unavailable": 3, "not_handled": 5, "other": 3}
    assert Outcome.objects.filter(category__in=["disclosed", "partial"], number__isnull=False).count() == 0


def test_outcomes_come_in_report_order_with_their_printed_names():
    printed = [o.printed_name for o in Outcome.objects.all()]
    assert printed[0] == "（一）予以公开"
    assert printed[1] == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert printed[2] == "（三）不予公开 1.属于国家秘密"
    assert printed[10] == "（四）无法提供 1.本机关不掌握相关政府信息"
    assert printed[-1] == "（六）其他处理 3.其他"
    assert len(printed) == 21
    with translation.override("zh-hans"):  # __str__ names the category in the UI language
        assert str(law.outcome("withheld", 1)) == "不予公开 · 属于国家秘密"
        assert str(law.outcome("disclosed")) == "予以公开"
    with translation.override("en"):
        assert str(law.outcome("withheld", 1)) == "Not disclosed · 属于国家秘密"
        assert (
            law.outcome("withheld", 1).printed_name == "（三）不予公开 1.属于国家秘密"
        )  # legal text, never translated


def test_the_legal_basis_is_recorded_for_the_reasons_the_regulation_names():
    assert law.outcome("withheld", 1).article == "第十四条"
    assert law.outcome("withheld", 4).article == "第十五条"
    assert law.outcome("not_handled", 2).article == "第三十六条第（六）项"
    assert law.outcome("partial").article == "第三十七条"


def test_law_outcome_returns_the_row_for_a_known_outcome():
    row = law.outcome("not_handled", 1)
    assert row.label == "信访举报投诉类申请" and row.category == Outcome.Category.NOT_HANDLED


@pytest.mark.parametrize(
    ("category", "number"),
    [
        ("withheld", 9),
        ("withheld", None),
        ("disclosed", 1),
        ("partial", 2),
        ("refused", None),
        ("other", 0),
        ("withheld", True),
        ("", None),
    ],
)
def test_law_outcome_refuses_what_is_not_in_the_law(category, number):
    with pytest.raises(SunlightError) as caught:
        law.outcome(category, number)
    assert caught.value.message == "答复类型不在法定范围内"
    assert caught.value.status == 400 and caught.value.code == "unknown_outcome"


def test_a_deactivated_outcome_is_refused_for_new_replies_but_found_for_reports():
    Outcome.objects.filter(category="other", number=3).update(is_active=False)
    with pytest.raises(SunlightError):
        law.outcome("other", 3)
    assert law.outcome("other", 3, include_inactive=True).label == "其他"
    assert [o.number for o in law.outcomes("other")] == [1, 2]


def test_the_database_refuses_a_second_row_for_the_same_reason_or_a_number_on_a_single_row():
    with pytest.raises(IntegrityError), transaction.atomic():
        Outcome.objects.create(category="withheld", number=1, label="x", report_label="x", order=99)
    with pytest.raises(IntegrityError), transaction.atomic():
        Outcome.objects.create(category="disclosed", number=None, label="x", report_label="x", order=99)
    with pytest.raises(IntegrityError), transaction.atomic():
        Outcome.objects.create(category="partial", number=1, label="x", report_label="x", order=99)
    with pytest.raises(IntegrityError), transaction.atomic():
        Outcome.objects.create(category="withheld", number=None, label="x", report_label="x", order=99)


def test_applicant_types_are_the_report_columns_in_order():
    rows = list(law.applicant_types())
    assert [r.label for r in rows] == [
        "自然人",
        "法人或其他组织",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    organization = ApplicantType.objects.get(code="organization")
    assert [c.label for c in organization.children.order_by("order")] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert ApplicantType.objects.get(code="natural_person").parent is None
    assert str(ApplicantType.objects.get(code="other_organization")) == "法人或其他组织 › 其他"


@pytest.mark.parametrize(
    ("key", "days", "article", "counted"),
    [
        (law.REPLY, 20, "第三十三条", True),
        (law.EXTENSION, 20, "第三十三条", True),
        (law.CORRECTION_NOTICE, 7, "第三十条", True),
        (law.THIRD_PARTY_REPLY, 15, "第三十二条", False),
        (law.CO_PRODUCER_REPLY, 15, "第三十四条", False),
        (law.FEE_PAYMENT, 20, "国办函〔2020〕109号", False),
    ],
)
def test_each_statutory_limit_is_seeded_in_working_days_with_its_article(key, days, article, counted):
    row = law.limit(key)
    assert (row.days, row.unit, row.article, row.counts_toward_clock) == (
        days,
        StatutoryLimit.Unit.WORKING_DAY,
        article,
        counted,
    )
    assert row.description


def test_only_the_fee_window_rule_is_marked_unverified():
    assert list(StatutoryLimit.objects.filter(is_verified=False).values_list("key", flat=True)) == ["fee_payment"]


def test_the_fee_window_stops_the_clock_by_default_and_follows_the_table():
    assert law.fee_window_stops_clock() is True
    StatutoryLimit.objects.filter(key=law.FEE_PAYMENT).update(counts_toward_clock=True)
    assert law.fee_window_stops_clock() is False


def test_an_unknown_limit_key_is_a_lookup_error():
    with pytest.raises(LookupError, match="no statutory limit 'reply_days'"):
        law.limit("reply_days")


def test_a_limit_reads_as_name_article_and_days():
    with translation.override("zh-hans"):
        assert str(law.limit(law.REPLY)) == "答复期限（第三十三条，20工作日）"
