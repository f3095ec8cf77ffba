"""信息处理费 by 国办函〔2020〕109号: the boundaries of every tier, laws checked by hypothesis, and refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sunlight.errors import SunlightError
from sunlight.requests.fees import (
    PER_PAGE_TIERS,
    PER_REQUEST_TIERS,
    Fee,
    FeeLine,
    Method,
    Tier,
    _check_table,
    fee_for,
    page_price,
    per_page_fee,
    per_request_fee,
)

counts = st.integers(min_value=1, max_value=5_000)


@pytest.mark.parametrize(
    ("nth", "fee"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400), (101, 900)],
)
def test_a_request_costs_what_its_place_in_the_month_says(nth, fee):
    assert per_request_fee(nth) == Decimal(fee)


@pytest.mark.parametrize(
    ("pages", "fee"),
    [(1, 0), (30, 0), (31, 10), (100, 700), (101, 720), (150, 1700), (200, 2700), (201, 2740), (250, 4700)],
)
def test_pages_are_priced_progressively_each_by_its_own_tier(pages, fee):
    assert per_page_fee(pages) == Decimal(fee)


def test_150_pages_are_70_at_ten_yuan_and_50_at_twenty():
    assert per_page_fee(150) == 70 * Decimal(10) + 50 * Decimal(20)


@given(counts)
def test_the_request_fee_never_falls_as_the_month_goes_on(n):
    assert per_request_fee(n + 1) >= per_request_fee(n)


@given(st.integers(min_value=31, max_value=100_000))
def test_from_the_31st_request_each_block_of_ten_costs_100_more_than_the_one_before(n):
    assert per_request_fee(n) == Decimal(200 + 100 * ((n - 31) // 10))


@given(counts)
def test_the_page_fee_never_falls_as_pages_are_added(pages):
    assert per_page_fee(pages + 1) >= per_page_fee(pages)


@given(st.integers(min_value=1, max_value=600))
def test_the_page_fee_is_the_sum_of_each_pages_own_price(pages):
    assert per_page_fee(pages) == sum((page_price(i) for i in range(1, pages + 1)), Decimal(0))


@given(counts)
def test_the_breakdown_adds_up_to_the_amount_and_the_page_count(pages):
    fee = fee_for("per_page", pages=pages)
    assert fee.amount == per_page_fee(pages) == sum(line.subtotal for line in fee.breakdown)
    assert sum(line.quantity for line in fee.breakdown) == pages
    assert all(line.subtotal == line.unit_price * line.quantity for line in fee.breakdown)


def test_a_per_page_fee_notice_lists_each_tier_with_its_legal_range():
    fee = fee_for(Method.PER_PAGE, pages=250)
    assert isinstance(fee, Fee) and fee.method == "per_page" and fee.method_label == "按量计收"
    assert fee.basis == "国办函〔2020〕109号"
    assert fee.breakdown == (
        FeeLine("第1—30页", 30, Decimal(0), Decimal(0)),
        FeeLine("第31—100页", 70, Decimal(10), Decimal(700)),
        FeeLine("第101—200页", 100, Decimal(20), Decimal(2000)),
        FeeLine("第201页及以上", 50, Decimal(40), Decimal(2000)),
    )
    assert fee.amount == Decimal(4700)


def test_a_per_request_fee_notice_names_the_block_of_ten_the_request_falls_in():
    fee = fee_for("per_request", nth_in_month=45)
    assert fee.method == "per_request" and fee.method_label == "按件计收" and fee.amount == Decimal(300)
    assert fee.breakdown == (FeeLine("本月第41—50件", 1, Decimal(300), Decimal(300)),)
    assert fee_for("per_request", nth_in_month=7).breakdown == (FeeLine("本月第1—10件", 1, Decimal(0), Decimal(0)),)
    assert fee_for("per_request", nth_in_month=12).breakdown[0].tier == "本月第11—30件"


def test_the_tier_tables_start_at_one_leave_no_gaps_and_end_open():
    for tiers in (PER_REQUEST_TIERS, PER_PAGE_TIERS):
        assert _check_table(tiers) is tiers
    with pytest.raises(ValueError):
        _check_table((Tier(1, 10, Decimal(0)), Tier(12, None, Decimal(100))))
    with pytest.raises(ValueError):
        _check_table((Tier(1, 10, Decimal(100)), Tier(11, None, Decimal(50))))


@pytest.mark.parametrize(
    ("method", "kwargs", "message"),
    [
        ("per_request", {"nth_in_month": 11, "pages": 40}, "不得同时按件和按量"),
        ("per_page", {"nth_in_month": 11, "pages": 40}, "不得同时按件和按量"),
        ("per_request", {}, "须给出本月申请件次"),
        ("per_page", {}, "须给出页数"),
        ("per_request", {"pages": 40}, "须给出本月申请件次"),
        ("per_page", {"nth_in_month": 11}, "须给出页数"),
        ("per_word", {"pages": 40}, "只能是按件计收或按量计收"),
        ("", {"pages": 40}, "只能是按件计收或按量计收"),
        ("per_page", {"pages": 0}, "必须大于零"),
        ("per_page", {"pages": -5}, "必须大于零"),
        ("per_request", {"nth_in_month": 0}, "必须大于零"),
        ("per_request", {"nth_in_month": -1}, "必须大于零"),
        ("per_page", {"pages": 2.5}, "必须是整数"),
        ("per_page", {"pages": "40"}, "必须是整数"),
        ("per_request", {"nth_in_month": True}, "必须是整数"),
    ],
)
def test_fee_for_refuses_what_the_rules_do_not_allow(method, kwargs, message):
    with pytest.raises(SunlightError, match=message) as caught:
        fee_for(method, **kwargs)
    assert caught.value.status == 400 and caught.value.code == "invalid_fee_input"


@pytest.mark.parametrize("bad", [0, -1, 1.0, None])
def test_the_single_method_functions_refuse_counts_below_one_too(bad):
    for function in (per_request_fee, per_page_fee, page_price):
        with pytest.raises(SunlightError):
            function(bad)


def test_the_notice_names_the_method_in_chinese_even_when_the_ui_is_english():
    from django.utils import translation

    with translation.override("en"):
        assert fee_for("per_page", pages=31).method_label == "按量计收"
        assert str(Method.PER_PAGE.label) == "Per page"
