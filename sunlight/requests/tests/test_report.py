"""The annual report's request table is a pure count of the records, and it balances."""

from datetime import date

from sunlight.requests import actions
from sunlight.requests.law import outcome
from sunlight.requests.models import ApplicantType, InfoRequest
from sunlight.requests.report import TOTAL, request_table


def make(req, received_on, *, replied_on=None, category="disclosed", number=None, type_code="natural_person"):
    applicant = actions.Applicant(type=ApplicantType.objects.get(code=type_code), name="申请人")
    info_request = actions.register(
        by=req.officer,
        org=req.east,
        applicant=applicant,
        channel="in_person",
        received_on=received_on,
        description="某信息",
        format="paper",
        delivery="post",
    )
    if replied_on:
        info_request = actions.reply(
            info_request, by=req.officer, category=category, number=number, text="答复", on=replied_on
        )
    return info_request


def test_the_request_table_counts_new_carried_answered_and_open_requests_and_balances(req):
    make(req, date(2024, 12, 20), replied_on=date(2025, 1, 10))  # carried in, answered
    make(req, date(2024, 12, 23))  # carried in, still open: carried out
    make(req, date(2024, 11, 4), replied_on=date(2024, 11, 20))  # last year's business only
    make(req, date(2025, 3, 3), replied_on=date(2025, 3, 20), category="withheld", number=1, type_code="business")
    make(req, date(2025, 12, 22), replied_on=date(2026, 1, 12), type_code="research")  # new, carried out
    make(req, date(2025, 5, 6), replied_on=date(2025, 5, 8), type_code="organization")  # counted as 其他
    table = request_table(InfoRequest.objects.filter(org=req.east), 2025)
    assert [table.new.get(k, 0) for k in ("natural_person", "business", "research", "other_organization", TOTAL)] == [
        0,
        1,
        1,
        1,
        3,
    ]
    assert table.carried_in[TOTAL] == 2 and table.carried_in["natural_person"] == 2
    assert table.carried_out[TOTAL] == 2  # the open 2024 one and the December 2025 one
    assert table.results[outcome("withheld", 1).pk]["business"] == 1
    assert table.results[outcome("disclosed").pk][TOTAL] == 2
    assert table.results_total(TOTAL) == 3
    assert table.balanced
    assert [c.code for c in table.columns] == [
        "natural_person",
        "business",
        "research",
        "public_welfare",
        "legal_services",
        "other_organization",
    ]


def test_a_year_without_requests_is_an_all_zero_balanced_table(req):
    table = request_table(InfoRequest.objects.none(), 2025)
    assert table.balanced and table.results_total(TOTAL) == 0
