"""Appeals (行政复议、行政诉讼) are recorded and decided by the org's disclosure handlers, once, with sane dates."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from sunlight.errors import SunlightError
from sunlight.events.models import Event
from sunlight.requests.actions import decide_appeal, record_appeal
from sunlight.requests.models import Appeal

from .builders import make_request


def test_an_officer_records_an_appeal_about_a_request_and_then_its_decision(rep, monkeypatch):
    monkeypatch.setattr("sunlight.requests.notices.render_pdf", lambda html: b"%PDF-1.4 stub")
    request = make_request(rep.officer, rep.east, date(2025, 3, 3), replied_on=date(2025, 3, 20))
    appeal = record_appeal(
        by=rep.officer,
        org=rep.east,
        kind="reconsideration",
        filed_on=date(2025, 4, 1),
        info_request=request,
        case_number="云川复〔2025〕12号",
        note="申请人不服答复",
    )
    assert appeal.result == Appeal.Result.PENDING and appeal.decided_on is None and appeal.request == request
    appeal = decide_appeal(appeal, by=rep.officer, result="corrected", decided_on=date(2025, 6, 1), note="责令重新答复")
    appeal.refresh_from_db()
    assert (appeal.result, appeal.decided_on) == ("corrected", date(2025, 6, 1))
    assert appeal.note == "申请人不服答复\n责令重新答复"
    assert list(
        Event.objects.filter(object_id=str(appeal.pk), verb__startswith="requests.appeal")
        .values_list("verb", flat=True)
        .order_by("seq")
    ) == ["requests.appeal.record", "requests.appeal.decide"]


def test_a_decision_before_the_filing_a_pending_result_or_a_second_decision_is_refused(rep):
    appeal = record_appeal(by=rep.officer, org=rep.east, kind="lawsuit_direct", filed_on=date(2025, 4, 1))
    with pytest.raises(SunlightError):
        decide_appeal(appeal, by=rep.officer, result="upheld", decided_on=date(2025, 3, 31))
    with pytest.raises(SunlightError):
        decide_appeal(appeal, by=rep.officer, result="pending", decided_on=date(2025, 5, 1))
    with pytest.raises(SunlightError):
        decide_appeal(appeal, by=rep.officer, result="won", decided_on=date(2025, 5, 1))
    decide_appeal(appeal, by=rep.officer, result="upheld", decided_on=date(2025, 5, 1))
    with pytest.raises(SunlightError) as refused:
        decide_appeal(appeal, by=rep.officer, result="corrected", decided_on=date(2025, 5, 2))
    assert refused.value.code == "appeal_decided"
    appeal.refresh_from_db()
    assert appeal.result == "upheld"


def test_a_bad_kind_a_future_filing_or_another_orgs_request_is_refused(rep, monkeypatch):
    monkeypatch.setattr("sunlight.requests.notices.render_pdf", lambda html: b"%PDF-1.4 stub")
    west_request = make_request(rep.west_officer, rep.west, date(2025, 3, 3))
    with pytest.raises(SunlightError):
        record_appeal(by=rep.officer, org=rep.east, kind="petition", filed_on=date(2025, 4, 1))
    with pytest.raises(SunlightError):
        record_appeal(by=rep.officer, org=rep.east, kind="reconsideration", filed_on=date(2099, 4, 1))
    with pytest.raises(SunlightError):
        record_appeal(
            by=rep.officer, org=rep.east, kind="reconsideration", filed_on=date(2025, 4, 1), info_request=west_request
        )
    assert not Appeal.objects.exists()


def test_outsiders_cannot_record_or_decide_an_orgs_appeals(rep):
    with pytest.raises(PermissionDenied):
        record_appeal(by=rep.west_officer, org=rep.east, kind="reconsideration", filed_on=date(2025, 4, 1))
    appeal = record_appeal(by=rep.officer, org=rep.east, kind="reconsideration", filed_on=date(2025, 4, 1))
    for user in (rep.outsider, rep.supervisor, rep.reviewer):
        with pytest.raises(PermissionDenied):
            decide_appeal(appeal, by=user, result="upheld", decided_on=date(2025, 5, 1))
    appeal.refresh_from_db()
    assert appeal.result == "pending"
