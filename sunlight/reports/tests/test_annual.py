"""The annual report's numbers are counts of the records, for one org or a government's whole subtree."""

from decimal import Decimal

import pytest

from sunlight.errors import SunlightError
from sunlight.reports.annual import as_dict, build_report
from sunlight.requests.law import outcome
from sunlight.requests.models import InfoRequest
from sunlight.requests.report import TOTAL, request_table


def test_section_two_counts_published_regulations_and_normative_documents_made_repealed_and_valid(rep, records):
    p = build_report(rep.east, 2025, "org").proactive
    # 规章: one made in 2025; one repealed in 2025; valid on 31 December: the 2025 one and the one repealed only in 2026.
    assert (p.regulation.made, p.regulation.repealed, p.regulation.valid) == (1, 1, 2)
    # 行政规范性文件: two made in 2025 (the draft is not counted); 失效 is not 废止; the expired one is not valid.
    assert (p.normative.made, p.normative.repealed, p.normative.valid) == (2, 0, 1)


def test_section_two_decisions_and_fee_income_come_from_the_year_figures(rep, records):
    p = build_report(rep.east, 2025, "org").proactive
    assert (p.licensing, p.penalty, p.coercion, p.fee_income) == (120, 30, 4, Decimal("12.3456"))
    assert build_report(rep.east, 2024, "org").proactive.licensing == 0


def test_the_consolidated_report_sums_the_government_and_its_departments_but_not_other_districts(rep, records):
    p = build_report(rep.east, 2025, "subtree").proactive
    assert (p.licensing, p.penalty, p.coercion, p.fee_income) == (130, 30, 5, Decimal("12.8456"))
    assert (p.normative.made, p.normative.valid) == (3, 2)
    assert (p.regulation.made, p.regulation.valid) == (1, 2)  # 云湖区's regulation is not under 青溪区
    assert p.figures_entered == 2


def test_the_request_table_of_the_report_is_the_requests_apps_table_over_the_scope(rep, records):
    data = build_report(rep.east, 2025, "org")
    expected = request_table(InfoRequest.objects.filter(org=rep.east), 2025)
    assert (data.requests.new, data.requests.carried_in, data.requests.carried_out, data.requests.results) == (
        expected.new,
        expected.carried_in,
        expected.carried_out,
        expected.results,
    )
    whole = build_report(rep.east, 2025, "subtree").requests
    expected = request_table(InfoRequest.objects.filter(org__in=[rep.east, rep.edu, rep.east_center]), 2025)
    assert (whole.new, whole.carried_in, whole.carried_out, whole.results) == (
        expected.new,
        expected.carried_in,
        expected.carried_out,
        expected.results,
    )


def test_requests_are_carried_over_from_last_year_and_into_the_next(rep, records):
    t = build_report(rep.east, 2025, "org").requests
    assert t.new[TOTAL] == 5 and t.carried_in[TOTAL] == 2  # c d e f g new; a b carried in
    assert t.carried_out[TOTAL] == 2  # b (open) and e (answered in January 2026)
    assert t.results_total(TOTAL) == 5
    assert t.results[outcome("withheld", 1).pk]["business"] == 1
    assert t.results[outcome("partial").pk][TOTAL] == 1
    assert t.results[outcome("not_handled", 1).pk][TOTAL] == 1
    assert t.results[outcome("other", 3).pk]["legal_services"] == 1
    assert t.balanced
    next_year = build_report(rep.east, 2026, "org").requests
    assert next_year.carried_in[TOTAL] == 2 and next_year.results[outcome("unavailable", 1).pk]["research"] == 1
    whole = build_report(rep.east, 2025, "subtree").requests
    assert whole.new[TOTAL] == 7 and whole.new["public_welfare"] == 1 and whole.carried_out[TOTAL] == 3


def test_appeals_are_counted_in_their_filing_year_by_their_result_on_31_december(rep, records):
    a = build_report(rep.east, 2025, "org").appeals
    # 维持, 纠正, 其他, 尚未审结 (incl. the one decided in January 2026), 总计
    assert a.reconsideration.as_list() == [1, 1, 0, 1, 3]
    assert a.lawsuit_direct.as_list() == [0, 0, 0, 1, 1]
    assert a.lawsuit_after.as_list() == [0, 0, 1, 0, 1]
    # The 2024 appeal decided in January 2025 was still pending on 31 December 2024, and is not counted in 2025.
    assert build_report(rep.east, 2024, "org").appeals.reconsideration.as_list() == [0, 0, 0, 1, 1]
    assert build_report(rep.east, 2025, "subtree").appeals.reconsideration.as_list() == [1, 2, 0, 1, 4]


def test_fees_actually_paid_in_the_year_are_summed_with_the_number_of_requests(rep, records):
    fees = build_report(rep.east, 2025, "org").fees
    assert (fees.amount, fees.requests) == (Decimal("350.50"), 2)
    assert fees.sentence == "本年度对2件政府信息公开申请收取信息处理费，共计350.50元。"
    assert build_report(rep.east, 2025, "subtree").fees.requests == 3
    assert build_report(rep.east, 2024, "org").fees.sentence == "本年度未收取信息处理费。"


def test_only_a_government_has_a_consolidated_report(rep):
    with pytest.raises(SunlightError) as refused:
        build_report(rep.edu, 2025, "subtree")
    assert refused.value.code == "bad_scope"
    with pytest.raises(SunlightError):
        build_report(rep.east, 2025, "everything")


def test_the_report_costs_a_fixed_number_of_queries_whatever_the_records(rep, records, django_assert_max_num_queries):
    with django_assert_max_num_queries(
        11
    ):  # 11: the consolidated report also names the agencies that have not filed (one query)
        data = build_report(rep.east, 2025, "subtree")
        as_dict(data)


def test_the_balance_check_is_shown_per_column_and_in_total(rep, records):
    data = build_report(rep.east, 2025, "org")
    total = [b for b in data.balance if b.code == TOTAL][0]
    assert (total.received, total.settled, total.ok) == (7, 7, True)
    assert [b.label for b in data.balance] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    json = as_dict(data)
    assert json["balanced"] is True and json["requests"]["new"]["total"] == 5
    assert json["appeals"]["reconsideration"] == {"upheld": 1, "corrected": 1, "other": 0, "pending": 1, "total": 3}
    assert json["proactive"]["fee_income_wan"] == "12.3456"
