"""Fixtures of the annual report: a department under 青溪区, staff, and two years of records made through the acts.

`rep` is the cast plus report staff and 青溪区教育局 (a department of 青溪区人民政府). `records` adds, for 2024–2026:
requests of every kind of outcome (registered and answered through sunlight.requests.actions), paid
processing fees, appeals (sunlight.requests.actions.appeals), regulations and normative documents published and
repealed through the disclosure acts, and the year figures. The expected numbers are spelled out in the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from sunlight.disclosure import actions as disclosure
from sunlight.disclosure.models import Genre
from sunlight.orgs.codes import make_credit_code
from sunlight.orgs.models import Org, Role
from sunlight.reports.actions import save_year_figures
from sunlight.requests.actions import appeals
from sunlight.requests.models import InfoRequest

from .builders import make_request, published_doc


@pytest.fixture
def rep(cast):
    cast.officer = cast.add_staff("officer", cast.east, Role.DISCLOSURE_OFFICER)
    cast.reviewer = cast.add_staff("reviewer", cast.east, Role.REVIEWER)
    cast.west_officer = cast.add_staff("west_officer", cast.west, Role.DISCLOSURE_OFFICER)
    cast.edu = Org.objects.create(
        name="青溪区教育局",
        kind=Org.Kind.DEPARTMENT,
        region=cast.east_region,
        parent=cast.east,
        credit_code=make_credit_code("11", cast.east_region.code, "00000006"),
    )
    cast.edu_officer = cast.add_staff("edu_officer", cast.edu, Role.DISCLOSURE_OFFICER)
    cast.edu_reviewer = cast.add_staff("edu_reviewer", cast.edu, Role.REVIEWER)
    return cast


@dataclass
class Records:
    requests: dict


@pytest.fixture
def records(rep, monkeypatch):
    """Two years of records; the notices' PDFs are skipped (not what these tests are about)."""
    monkeypatch.setattr("sunlight.requests.notices.render_pdf", lambda html: b"%PDF-1.4 stub")
    east, edu, west, o = rep.east, rep.edu, rep.west, rep.officer
    r = {
        "a": make_request(o, east, date(2024, 12, 20), replied_on=date(2025, 1, 10)),  # carried in, answered
        "b": make_request(o, east, date(2024, 12, 23)),  # carried in, still open: carried out
        "old": make_request(o, east, date(2024, 11, 4), replied_on=date(2024, 11, 20)),  # 2024 only
        "c": make_request(
            o, east, date(2025, 3, 3), type_code="business", replied_on=date(2025, 3, 20), category="withheld", number=1
        ),
        "d": make_request(o, east, date(2025, 6, 2), replied_on=date(2025, 6, 19), category="partial"),
        "e": make_request(
            o,
            east,
            date(2025, 12, 22),
            type_code="research",
            replied_on=date(2026, 1, 12),
            category="unavailable",
            number=1,
        ),  # new, carried out
        "f": make_request(o, east, date(2025, 5, 6), replied_on=date(2025, 5, 8), category="not_handled", number=1),
        "g": make_request(
            o,
            east,
            date(2025, 7, 1),
            type_code="legal_services",
            replied_on=date(2025, 7, 15),
            category="other",
            number=3,
        ),
        "h": make_request(rep.edu_officer, edu, date(2025, 4, 1), replied_on=date(2025, 4, 10)),
        "i": make_request(rep.edu_officer, edu, date(2025, 11, 3), type_code="public_welfare"),
        "j": make_request(rep.west_officer, west, date(2025, 4, 1), replied_on=date(2025, 4, 8)),
    }
    # Processing fees as the fee acts leave them (amount, paid on): two paid in 2025, one in 2026.
    InfoRequest.objects.filter(pk=r["c"].pk).update(fee_amount=Decimal("100.00"), fee_paid_on=date(2025, 3, 10))
    InfoRequest.objects.filter(pk=r["d"].pk).update(fee_amount=Decimal("250.50"), fee_paid_on=date(2025, 6, 10))
    InfoRequest.objects.filter(pk=r["e"].pk).update(fee_amount=Decimal("40.00"), fee_paid_on=date(2026, 1, 5))
    InfoRequest.objects.filter(pk=r["h"].pk).update(fee_amount=Decimal("100.00"), fee_paid_on=date(2025, 4, 5))

    def appeal(org, kind, filed_on, result=None, decided_on=None, by=o):
        a = appeals.record_appeal(by=by, org=org, kind=kind, filed_on=filed_on)
        if result:
            a = appeals.decide_appeal(a, by=by, result=result, decided_on=decided_on)
        return a

    appeal(east, "reconsideration", date(2025, 2, 1), "upheld", date(2025, 4, 1))
    appeal(east, "reconsideration", date(2025, 3, 1), "corrected", date(2025, 5, 1))
    appeal(east, "reconsideration", date(2025, 11, 1), "upheld", date(2026, 1, 20))  # 尚未审结 on 31 December
    appeal(east, "lawsuit_direct", date(2025, 6, 1))
    appeal(east, "lawsuit_after", date(2025, 8, 1), "other", date(2025, 10, 1))
    appeal(east, "reconsideration", date(2024, 12, 1), "upheld", date(2025, 1, 15))  # a 2024 appeal
    appeal(edu, "reconsideration", date(2025, 5, 5), "corrected", date(2025, 7, 7), by=rep.edu_officer)
    appeal(west, "reconsideration", date(2025, 5, 5), by=rep.west_officer)

    rv = rep.reviewer
    published_doc(east, o, rv, "regulation", date(2025, 3, 1), title="规章一")  # made in 2025, valid
    repealed = published_doc(east, o, rv, "regulation", date(2023, 5, 1), title="规章二")
    disclosure.change_validity(repealed, by=o, validity="repealed", on=date(2025, 6, 1))  # repealed in 2025
    later = published_doc(east, o, rv, "regulation", date(2024, 1, 10), title="规章三")
    disclosure.change_validity(later, by=o, validity="repealed", on=date(2026, 2, 1))  # still valid on 31 December
    published_doc(east, o, rv, "normative", date(2025, 4, 1), title="规范性文件一")
    expired = published_doc(east, o, rv, "normative", date(2025, 2, 1), title="规范性文件二")
    disclosure.change_validity(expired, by=o, validity="expired", on=date(2025, 9, 1))  # 失效, not 废止
    disclosure.create_document(
        publisher=east,
        by=o,
        title="未发布的规范性文件",
        created_on=date(2025, 5, 1),
        genre=Genre.objects.get(code="normative"),
    )  # a draft: not counted
    published_doc(east, o, rv, "notice", date(2025, 5, 1), title="通知")  # another genre: not counted
    published_doc(edu, rep.edu_officer, rep.edu_reviewer, "normative", date(2025, 7, 1), title="教育局规范性文件")
    published_doc(
        west,
        rep.west_officer,
        rep.add_staff("west_reviewer", west, Role.REVIEWER),
        "regulation",
        date(2025, 7, 1),
        title="云湖区规章",
    )

    save_year_figures(
        east, 2025, by=o, licensing_decisions=120, penalty_decisions=30, coercion_decisions=4, fee_income="12.3456"
    )
    save_year_figures(
        edu,
        2025,
        by=rep.edu_officer,
        licensing_decisions=10,
        penalty_decisions=0,
        coercion_decisions=1,
        fee_income="0.5",
    )
    save_year_figures(
        west,
        2025,
        by=rep.west_officer,
        licensing_decisions=999,
        penalty_decisions=999,
        coercion_decisions=999,
        fee_income="999",
    )
    return Records(requests=r)
