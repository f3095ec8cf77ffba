"""The statutory life of a request through its actions: intake, the clock, correction, extension, reply."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from sunlight.errors import SunlightError
from sunlight.events.models import Event
from sunlight.query_codes import hash_query_code
from sunlight.requests import actions
from sunlight.requests.models import InfoRequest

from .builders import MONDAY, registered


def test_a_registered_request_is_due_20_working_days_after_receipt(req):
    info_request = registered(req)
    assert info_request.due_on == date(2026, 3, 30)
    assert [e["kind"] for e in info_request.clock_events] == ["start"]
    assert Event.objects.filter(verb="requests.register", object_id=str(info_request.pk)).exists()


def test_the_applicants_id_number_and_contacts_are_encrypted_at_rest(req):
    info_request = registered(req)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone, email, address FROM requests_inforequest WHERE id = %s", [info_request.pk]
        )
        stored = cursor.fetchone()
    assert all(value.startswith("v1.") for value in stored)
    assert "110105199001010029" not in "".join(stored) and "13812345678" not in "".join(stored)
    fresh = InfoRequest.objects.get(pk=info_request.pk)
    assert (fresh.id_number, fresh.phone) == ("110105199001010029", "13812345678")
    # The same number always gives the same index: repeated requests are found without decrypting.
    assert registered(req).id_number_index == fresh.id_number_index != ""


def test_an_online_request_without_an_account_gets_a_query_code_of_which_only_the_hash_is_kept(req, spring_2026):
    info_request, code = actions.submit_online(
        org=req.east, applicant=req.applicant, description="某项目环评批复", format="electronic", delivery="online"
    )
    assert code and info_request.query_code_hash == hash_query_code(code) and code not in info_request.query_code_hash
    assert info_request.channel == "online" and info_request.applicant_user is None


def test_an_online_request_with_an_account_is_the_users_and_has_no_code(req, spring_2026):
    info_request, code = actions.submit_online(
        org=req.east,
        applicant=req.applicant,
        description="某项目环评批复",
        format="paper",
        delivery="post",
        user=req.citizen,
    )
    assert code == "" and info_request.applicant_user == req.citizen and info_request.query_code_hash == ""


def test_a_correction_notice_stops_the_clock_and_the_corrected_request_restarts_it_in_full(req):
    info_request = registered(req)
    info_request = actions.request_correction(
        info_request, by=req.officer, items="请说明所需信息的年份", correct_by=date(2026, 3, 20), on=date(2026, 3, 5)
    )
    assert info_request.status == "correcting" and info_request.due_on is None  # paused: no running deadline
    info_request = actions.receive_correction(info_request, by=req.officer, on=date(2026, 3, 16))
    assert info_request.status == "processing" and info_request.due_on == date(
        2026, 4, 14
    )  # 20 working days from 3-16 (清明 4-6)
    kinds = [e["kind"] for e in info_request.clock_events]
    assert kinds == ["start", "pause", "restart"]


def test_a_correction_notice_after_7_working_days_is_refused(req):
    info_request = registered(req)
    with pytest.raises(SunlightError, match="7个工作日"):
        actions.request_correction(
            info_request, by=req.officer, items="x", correct_by=date(2026, 3, 30), on=date(2026, 3, 12)
        )
    assert InfoRequest.objects.get(pk=info_request.pk).corrections == 0


def test_a_second_correction_notice_needs_a_recorded_reason_and_is_flagged(req):
    info_request = registered(req)
    actions.request_correction(
        info_request, by=req.officer, items="年份", correct_by=date(2026, 3, 20), on=date(2026, 3, 3)
    )
    actions.receive_correction(info_request, by=req.officer, on=date(2026, 3, 4))
    with pytest.raises(SunlightError, match="一次性告知"):
        actions.request_correction(
            info_request, by=req.officer, items="地点", correct_by=date(2026, 3, 20), on=date(2026, 3, 5)
        )
    info_request = actions.request_correction(
        info_request,
        by=req.officer,
        items="地点",
        correct_by=date(2026, 3, 20),
        on=date(2026, 3, 5),
        second_reason="补正后的申请出现了新的不明确之处",
    )
    event = Event.objects.filter(verb="requests.correction_notice").order_by("-seq").first()
    assert info_request.corrections == 2 and event.data["second"] is True and event.data["second_reason"]


def test_an_extension_needs_the_approval_of_the_head_of_the_disclosure_office(req):
    info_request = registered(req)
    with pytest.raises(SunlightError, match="负责人"):
        actions.extend(
            info_request, by=req.officer, approved_by=req.officer, days=20, reason="需调取档案", on=date(2026, 3, 20)
        )
    info_request = actions.extend(
        info_request, by=req.officer, approved_by=req.reviewer, days=20, reason="需调取档案", on=date(2026, 3, 20)
    )
    assert info_request.due_on == date(2026, 4, 28) and info_request.extended_days == 20
    with pytest.raises(SunlightError, match="已经延期"):
        actions.extend(
            info_request, by=req.officer, approved_by=req.reviewer, days=5, reason="再延", on=date(2026, 3, 23)
        )


def test_an_extension_beyond_20_working_days_or_after_the_deadline_is_refused(req):
    info_request = registered(req)
    with pytest.raises(SunlightError, match="最长不超过20个工作日"):
        actions.extend(
            info_request, by=req.officer, approved_by=req.reviewer, days=21, reason="x", on=date(2026, 3, 20)
        )
    with pytest.raises(SunlightError, match="期限已过"):
        actions.extend(
            info_request, by=req.officer, approved_by=req.reviewer, days=10, reason="x", on=date(2026, 3, 31)
        )


def test_a_reply_closes_the_request_with_one_of_the_laws_outcomes(req):
    info_request = registered(req)
    info_request = actions.reply(
        info_request,
        by=req.officer,
        category="withheld",
        number=1,
        text="属于国家秘密，不予公开。",
        on=date(2026, 3, 20),
    )
    assert info_request.status == "closed" and info_request.outcome.printed_name.endswith("1.属于国家秘密")
    with pytest.raises(SunlightError, match="已经办结"):
        actions.reply(info_request, by=req.officer, category="disclosed", text="again", on=date(2026, 3, 21))


def test_a_reply_with_an_outcome_outside_the_law_is_refused_and_changes_nothing(req):
    info_request = registered(req)
    with pytest.raises(SunlightError, match="法定范围"):
        actions.reply(info_request, by=req.officer, category="withheld", number=9, text="x", on=date(2026, 3, 20))
    assert InfoRequest.objects.get(pk=info_request.pk).status == "processing"


def test_an_officer_of_another_agency_can_do_nothing_with_the_request(req):
    info_request = registered(req)
    with pytest.raises(PermissionDenied):
        actions.reply(info_request, by=req.west_officer, category="disclosed", text="x", on=date(2026, 3, 20))
    with pytest.raises(PermissionDenied):
        actions.request_correction(
            info_request, by=req.outsider, items="x", correct_by=date(2026, 3, 20), on=date(2026, 3, 3)
        )
    with pytest.raises(PermissionDenied):  # registering needs the role in that agency too
        actions.register(
            by=req.clerk,
            org=req.east,
            applicant=req.applicant,
            channel="in_person",
            received_on=MONDAY,
            description="x",
            format="paper",
            delivery="post",
        )


def test_bad_intake_is_refused_with_a_reason(req):
    with pytest.raises(SunlightError, match="描述所需政府信息"):
        actions.register(
            by=req.officer,
            org=req.east,
            applicant=req.applicant,
            channel="in_person",
            received_on=MONDAY,
            description=" ",
            format="paper",
            delivery="post",
        )
    with pytest.raises(SunlightError, match="不能晚于今天"):
        actions.register(
            by=req.officer,
            org=req.east,
            applicant=req.applicant,
            channel="in_person",
            received_on=date(2099, 1, 1),
            description="x",
            format="paper",
            delivery="post",
        )
    with pytest.raises(SunlightError, match="申请方式"):
        actions.register(
            by=req.officer,
            org=req.east,
            applicant=req.applicant,
            channel="online",
            received_on=MONDAY,
            description="x",
            format="paper",
            delivery="post",
        )
    assert not InfoRequest.objects.exists()


def test_a_past_register_issues_its_receipt_on_the_given_day_but_never_before_receipt_or_after_today(req):
    info_request = actions.register(
        by=req.officer,
        org=req.east,
        applicant=req.applicant,
        channel="in_person",
        received_on=date(2026, 3, 2),
        description="往年登记的申请",
        format="paper",
        delivery="post",
        on=date(2026, 3, 3),
    )
    assert info_request.notices.get(kind="receipt").issued_on == date(2026, 3, 3)
    for bad in (date(2026, 3, 1), date(2099, 1, 1)):
        with pytest.raises(SunlightError, match="回执日期"):
            actions.register(
                by=req.officer,
                org=req.east,
                applicant=req.applicant,
                channel="in_person",
                received_on=date(2026, 3, 2),
                description="x",
                format="paper",
                delivery="post",
                on=bad,
            )
