"""Public statistics of requests per agency and year: the numbers, the page and the API."""

import random
from datetime import date, timedelta

import pytest

from sunlight.clock.calendar import get_calendar
from sunlight.requests import actions, statistics
from sunlight.requests.actions import Applicant
from sunlight.requests.models import ApplicantType, InfoRequest

MARCH = date(2026, 3, 2)  # due 2026-03-30
PAGE, API = "/requests/statistics", "/api/v1/requests/statistics"


def ask(req, applicant, received_on=MARCH, org=None, by=None) -> InfoRequest:
    return actions.register(
        by=by or req.officer,
        org=org or req.east,
        applicant=applicant,
        channel=InfoRequest.Channel.IN_PERSON,
        received_on=received_on,
        description="2025年城乡低保资金发放明细",
        format="electronic",
        delivery="email",
    )


def answer(req, info_request, category, on, number=None, by=None, **extra) -> InfoRequest:
    return actions.reply(
        info_request, by=by or req.officer, category=category, number=number, text="答复内容", on=on, **extra
    )


@pytest.fixture
def year_2026(req):
    """Four requests closed in 2026 (one received in 2025), one still open, one in 云湖区.

    自然人: 5, 10 and 15 working days, all on time; 法人或其他组织: 22 working days, late (due 03-30, answered 04-01).
    """
    company = Applicant(type=ApplicantType.objects.get(code="business"), name="云川某某有限公司")
    r1, r2, _r4 = ask(req, req.applicant), ask(req, req.applicant), ask(req, req.applicant)
    r3 = ask(req, company)
    r5 = ask(req, req.applicant, received_on=date(2025, 12, 15))  # due 2026-01-13
    answer(req, r1, "disclosed", date(2026, 3, 9))
    answer(req, r2, "partial", date(2026, 3, 16), withheld_parts=[{"part": "个人账户", "reason": "第十五条 个人隐私"}])
    answer(req, r3, "unavailable", date(2026, 4, 1), number=1)
    answer(req, r5, "disclosed", date(2026, 1, 6))
    west = ask(req, req.applicant, org=req.west, by=req.west_officer)
    answer(req, west, "disclosed", date(2026, 3, 3), by=req.west_officer)
    return req


def test_the_years_figures_are_counted_from_the_requests(year_2026):
    s = statistics.org_statistics(year_2026.east, 2026)
    t = s.total
    assert (t.received, t.closed, t.on_time, t.open_now) == (4, 4, 3, 1)
    assert t.by_category == {"disclosed": 2, "partial": 1, "unavailable": 1}
    assert t.on_time_rate == 75.0
    assert (s.natural.received, s.natural.closed, s.natural.on_time_rate, s.natural.open_now) == (3, 3, 100.0, 1)
    assert (s.organization.received, s.organization.closed, s.organization.on_time_rate) == (1, 1, 0.0)
    assert [n for _c, _l, n in t.categories()] == [2, 1, 0, 1, 0, 0]


def test_the_average_working_days_are_exact(year_2026):
    s = statistics.org_statistics(year_2026.east, 2026)
    assert s.natural.average_working_days == 10.0  # (5 + 10 + 15) / 3
    assert s.organization.average_working_days == 22.0
    assert s.total.average_working_days == 13.0  # 52 / 4


def test_a_year_counts_only_its_own_receipts_and_replies(year_2026):
    s = statistics.org_statistics(year_2026.east, 2025)
    assert (s.total.received, s.total.closed) == (1, 0)
    assert s.total.on_time_rate is None and s.total.average_working_days is None


def test_a_government_with_its_subtree_adds_the_orgs_below(year_2026):
    assert statistics.org_statistics(year_2026.city, 2026).total.received == 0
    s = statistics.org_statistics(year_2026.city, 2026, subtree=True)
    assert (s.total.received, s.total.closed) == (5, 5)


def test_the_working_days_summed_over_grouped_pairs_equal_the_calendars_count(db):
    cal, rng = get_calendar(), random.Random(7)
    pairs = []
    for _ in range(300):
        a = date(2025, 1, 1) + timedelta(days=rng.randint(0, 600))
        pairs.append((a, a + timedelta(days=rng.randint(0, 60)), rng.randint(1, 3)))
    total, counted = statistics._count_working_days(pairs)
    assert counted == sum(n for _a, _b, n in pairs)
    assert total == sum(cal.working_days_between(a, b) * n for a, b, n in pairs)


def test_the_figures_take_a_fixed_number_of_queries(year_2026, django_assert_max_num_queries):
    for _ in range(5):
        answer(year_2026, ask(year_2026, year_2026.applicant), "disclosed", date(2026, 3, 20))
    with django_assert_max_num_queries(6):
        statistics.org_statistics(year_2026.east, 2026)


# --- the page and the API ----------------------------------------------------------------------------


def test_the_page_is_public_and_shows_the_numbers_in_an_accessible_table(client, year_2026):
    response = client.get(PAGE, {"org": year_2026.east.pk, "year": "2026"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<caption>" in page and "青溪区人民政府 2026 年" in page and '<th scope="row">本年收到申请</th>' in page
    assert "<td>75.0%</td>" in page and "<td>13.0</td>" in page
    assert "部分公开" in page and "法人或其他组织" in page


def test_the_page_shows_no_personal_data_nor_requests(client, year_2026):
    page = client.get(PAGE, {"org": year_2026.east.pk, "year": "2026"}).content.decode()
    numbers = InfoRequest.objects.values_list("number", flat=True)
    for secret in (
        "张三",
        "110105199001010029",
        "13812345678",
        "zhang@example.cn",
        "云川某某有限公司",
        "城乡低保",
        *numbers,
    ):
        assert secret not in page


def test_the_page_without_an_org_offers_the_choice(client, req):
    response = client.get(PAGE)
    page = response.content.decode()
    assert response.status_code == 200 and f'<option value="{req.east.pk}">青溪区人民政府</option>' in page
    assert "青溪区政务服务中心" not in page  # service centers do not handle requests


def test_an_unknown_org_is_a_404_and_a_malformed_one_a_400(client, req):
    assert client.get(PAGE, {"org": "999999"}).status_code == 404
    assert client.get(PAGE, {"org": req.east_center.pk}).status_code == 404
    assert client.get(PAGE, {"org": "abc"}).status_code == 400
    assert client.get(API, {"org": "999999"}).status_code == 404
    assert client.get(API, {"org": "abc"}).status_code == 400
    assert client.get(API).status_code == 400


@pytest.mark.parametrize("year", ["abc", "1999", "2100", "20261"])
def test_a_bad_year_is_a_400(client, req, year):
    page = client.get(PAGE, {"org": req.east.pk, "year": year})
    assert page.status_code == 400 and "年份须为" in page.content.decode()
    api = client.get(API, {"org": req.east.pk, "year": year})
    assert api.status_code == 400 and api.json()["error"] == "bad_year"


def test_the_api_is_public_and_gives_the_same_numbers(client, year_2026):
    response = client.get(API, {"org": year_2026.east.pk, "year": 2026})
    assert response.status_code == 200
    data = response.json()
    assert data["org"] == {"id": year_2026.east.pk, "name": "青溪区人民政府"} and data["year"] == 2026
    assert data["total"]["received"] == 4 and data["total"]["on_time_rate"] == 75.0
    assert data["natural"]["average_working_days"] == 10.0 and data["organization"]["closed"] == 1
    assert {row["category"]: row["count"] for row in data["total"]["by_outcome"]}["partial"] == 1
    assert "张三" not in response.content.decode()


def test_the_figures_are_cached_for_a_short_while_only(client, year_2026):
    assert client.get(API, {"org": year_2026.east.pk, "year": 2026}).json()["total"]["received"] == 4
    ask(year_2026, year_2026.applicant)
    assert client.get(API, {"org": year_2026.east.pk, "year": 2026}).json()["total"]["received"] == 4  # cached
    from django.core.cache import cache

    cache.clear()  # stands for the CACHE_SECONDS passing
    assert client.get(API, {"org": year_2026.east.pk, "year": 2026}).json()["total"]["received"] == 5


def test_the_application_form_links_to_the_statistics(client, req):
    assert f'href="{PAGE}"' in client.get("/requests/new").content.decode()


def test_the_statistics_page_links_to_the_annual_reports_page(client, db):
    page = client.get("/requests/statistics").content.decode()
    assert 'href="/reports/"' in page


def test_the_statistics_open_figure_and_the_reports_carried_over_agree_at_31_december(req, monkeypatch):
    from django.utils import timezone

    from sunlight.reports.annual import build_report

    late_2025 = [
        ask(req, req.applicant, received_on=date(2025, 12, 10)),
        ask(req, req.applicant, received_on=date(2025, 12, 15)),
    ]
    answer(req, late_2025[0], "disclosed", date(2026, 1, 5))
    answer(req, late_2025[1], "disclosed", date(2026, 1, 8))
    ask(req, req.applicant)  # received in March 2026, still open
    west = ask(req, req.applicant, org=req.west, by=req.west_officer, received_on=date(2025, 12, 1))
    answer(req, west, "disclosed", date(2025, 12, 20), by=req.west_officer)
    for org, subtree, scope in [(req.east, False, "org"), (req.city, True, "subtree")]:
        past = statistics.org_statistics(org, 2025, subtree=subtree)
        assert past.as_of == date(2025, 12, 31)
        assert past.total.open_now == build_report(org, 2025, scope).requests.carried_out["total"] == 2
    real = timezone.localdate
    monkeypatch.setattr(
        timezone, "localdate", lambda value=None, timezone=None: date(2026, 12, 31) if value is None else real(value)
    )
    now = statistics.org_statistics(req.city, 2026, subtree=True)
    assert now.total.open_now == build_report(req.city, 2026, "subtree").requests.carried_out["total"] == 1


def test_the_statistics_page_opens_on_the_root_governments_current_year(client, year_2026):
    response = client.get(PAGE)
    page = response.content.decode()
    assert response.status_code == 200 and f'<option value="{year_2026.city.pk}" selected>' in page
    assert "云川市人民政府" in page and "含所属部门和下级机关" in page and "请选择机关和年度后查看" not in page
    assert "结转下年度继续办理" in page  # the page says what 正在办理 means and that the report counts the same
