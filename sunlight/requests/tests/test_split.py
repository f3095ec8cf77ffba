"""一事一申请: splitting a submission with several unrelated matters into one request per matter."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from sunlight.errors import SunlightError
from sunlight.events.models import Event
from sunlight.query_codes import hash_query_code, new_query_code
from sunlight.requests import actions
from sunlight.requests.models import InfoRequest

from .builders import MONDAY, registered

PARTS = ["2025年城乡低保资金发放明细", "某小区规划许可证及附图", "2024年区政府预算执行情况"]
SPLIT_DAY = date(2026, 3, 4)


def test_the_request_keeps_the_first_matter_and_each_other_becomes_a_request_of_the_same_applicant(req):
    original = registered(req, description="；".join(PARTS))
    rows = actions.split_request(original, by=req.officer, parts=PARTS, on=SPLIT_DAY)
    assert [info_request.description for info_request in rows] == PARTS and rows[0].pk == original.pk
    original.refresh_from_db()
    assert original.description == PARTS[0] and original.due_on == date(2026, 3, 30)
    for new in rows[1:]:
        new.refresh_from_db()
        assert new.split_from_id == original.pk and new.number != original.number and new.status == "processing"
        same = (
            "org_id",
            "channel",
            "applicant_type_id",
            "applicant_name",
            "id_number",
            "id_number_index",
            "phone",
            "email",
            "address",
            "format",
            "delivery",
            "received_on",
            "applicant_user_id",
            "query_code_hash",
        )
        assert all(getattr(new, f) == getattr(original, f) for f in same)
        # Its own clock, counted from the same receipt day; its own receipt.
        assert new.received_on == MONDAY and new.due_on == date(2026, 3, 30)
        assert new.clock_events[0]["kind"] == "start" and original.number in new.clock_events[0]["reason"]
        receipt = new.notices.get(kind="receipt")
        assert new.description in receipt.html and receipt.issued_on == SPLIT_DAY
        assert Event.objects.filter(verb="requests.split_off", object_id=str(new.pk)).exists()
    event = Event.objects.get(verb="requests.split", object_id=str(original.pk))
    assert event.data["into"] == [info_request.number for info_request in rows[1:]] and event.data["before"][
        "description"
    ] == "；".join(PARTS)


def test_parts_split_off_an_online_request_are_followed_with_the_same_code_or_account(req):
    # Online requests are received "today"; spring dates keep the clock inside the loaded calendar.
    by_code, by_account = registered(req), registered(req)
    InfoRequest.objects.filter(pk=by_code.pk).update(
        channel="online", query_code_hash=hash_query_code(new_query_code())
    )
    InfoRequest.objects.filter(pk=by_account.pk).update(channel="online", applicant_user=req.citizen)
    new_by_code = actions.split_request(by_code, by=req.officer, parts=PARTS[:2], on=SPLIT_DAY)[1]
    new_by_account = actions.split_request(by_account, by=req.officer, parts=PARTS[:2], on=SPLIT_DAY)[1]
    by_code.refresh_from_db()
    assert new_by_code.query_code_hash == by_code.query_code_hash != "" and new_by_code.channel == "online"
    assert new_by_account.applicant_user == req.citizen and new_by_account.query_code_hash == ""
    assert "查询码" in new_by_code.notices.get(kind="receipt").html  # the receipt says how to follow it


def test_fewer_than_two_matters_are_refused_and_nothing_changes(req):
    original = registered(req)
    for parts in ([], ["只有一项"], ["只有一项", "  ", ""]):
        with pytest.raises(SunlightError, match="至少有两项"):
            actions.split_request(original, by=req.officer, parts=parts, on=SPLIT_DAY)
    assert InfoRequest.objects.count() == 1
    assert InfoRequest.objects.get(pk=original.pk).description == original.description


def test_a_closed_request_cannot_be_split(req):
    closed = actions.reply(registered(req), by=req.officer, category="disclosed", text="见附件", on=SPLIT_DAY)
    with pytest.raises(SunlightError, match="已经办结"):
        actions.split_request(closed, by=req.officer, parts=PARTS, on=SPLIT_DAY)
    assert InfoRequest.objects.count() == 1


def test_an_outsider_or_an_officer_of_another_agency_cannot_split(req):
    original = registered(req)
    for who in (req.outsider, req.west_officer):
        with pytest.raises(PermissionDenied):
            actions.split_request(original, by=who, parts=PARTS, on=SPLIT_DAY)
    assert InfoRequest.objects.count() == 1
