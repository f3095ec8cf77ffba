"""征求意见 (Art. 32–34), the Art. 35 deadline and the automatic lapses, through their actions."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from sunlight.clock.calendar import working_days_between
from sunlight.errors import SunlightError
from sunlight.events.models import Event
from sunlight.requests import actions
from sunlight.requests.actions import (
    consult,
    lapse_consultations,
    lapse_corrections,
    override_objection,
    record_answer,
    set_reasonable_deadline,
)
from sunlight.requests.models import Consultation, InfoRequest, Notice

from .builders import SENT, registered, third_party


def fresh(info_request) -> InfoRequest:
    return InfoRequest.objects.get(pk=info_request.pk)


def test_consulting_pauses_the_clock_and_the_answer_resumes_it_moving_the_deadline_by_exactly_the_paused_days(req):
    info_request = registered(req)
    c = third_party(req, info_request)
    assert c.due_on == date(2026, 3, 26)  # 15 working days after the letter (law.limit(THIRD_PARTY_REPLY))
    info_request = fresh(info_request)
    assert info_request.status == "consulting" and info_request.due_on is None
    assert info_request.clock_events[-1] == {
        "kind": "pause",
        "date": "2026-03-05",
        "days": 0,
        "reason": "征求第三方意见",
    }
    record_answer(c, by=req.officer, answer="consent", text="同意公开", on=date(2026, 3, 16))
    info_request = fresh(info_request)
    assert (
        info_request.status == "processing"
        and info_request.clock_events[-1]["kind"] == "resume"
        and info_request.clock_events[-1]["date"] == "2026-03-16"
    )
    assert info_request.due_on == date(2026, 4, 9)  # 3-16 plus the 17 days left (清明 4-6 is a holiday)
    assert (
        working_days_between(date(2026, 3, 30), info_request.due_on)
        == working_days_between(SENT, date(2026, 3, 16))
        == 7
    )
    verbs = list(Event.objects.filter(object_id=str(info_request.pk)).values_list("verb", flat=True).order_by("seq"))
    assert verbs[-2:] == ["requests.consult", "requests.consultation_answer"]


def test_the_letter_goes_to_the_party_with_the_reply_date_and_what_silence_means_but_not_the_applicants_data(req):
    info_request = registered(req)
    third_party(req, info_request)
    letter = Notice.objects.get(request=info_request, kind="consultation")
    assert "云川市某某建材有限公司：" in letter.html and "2026年3月26日" in letter.html and "15个工作日" in letter.html
    assert "由本机关依照" in letter.html and "第三十二条" in letter.html and "视为同意" not in letter.html
    assert "张三" not in letter.html and "13812345678" not in letter.html and "工业路88号" not in letter.html
    co = consult(
        info_request,
        by=req.officer,
        kind="co_producer",
        party="云川市生态环境局",
        matter="联合发布的监测报告",
        on=date(2026, 3, 6),
    )
    co_letter = Notice.objects.filter(request=info_request, kind="consultation").order_by("-pk").first()
    assert co.due_on == date(2026, 3, 27) and "视为同意公开" in co_letter.html and "第三十四条" in co_letter.html
    assert "<h1>政府信息公开征求意见函</h1>" in co_letter.html and "第三方意见征询函</h1>" in letter.html


def test_the_partys_contact_is_encrypted_at_rest(req):
    c = third_party(req, registered(req))
    with connection.cursor() as cursor:
        cursor.execute("SELECT party_address FROM requests_consultation WHERE id = %s", [c.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("v1.") and "工业路" not in stored
    assert Consultation.objects.get(pk=c.pk).party_address.startswith("云川市青溪区工业路88号")


def test_the_clock_stays_paused_until_the_last_open_consultation_is_answered(req):
    info_request = registered(req)
    first = third_party(req, info_request)
    second = consult(
        info_request, by=req.officer, kind="agency", party="青溪区财政局", matter="资金拨付数据", on=date(2026, 3, 10)
    )
    info_request = fresh(info_request)
    assert [e["kind"] for e in info_request.clock_events] == [
        "start",
        "pause",
    ]  # the second letter does not pause twice
    record_answer(first, by=req.officer, answer="consent", on=date(2026, 3, 12))
    assert fresh(info_request).status == "consulting" and fresh(info_request).due_on is None
    record_answer(second, by=req.officer, answer="consent", on=date(2026, 3, 20))
    info_request = fresh(info_request)
    assert info_request.status == "processing" and info_request.clock_events[-1]["date"] == "2026-03-20"


def test_an_objection_without_its_reasons_is_refused_and_changes_nothing(req):
    info_request = registered(req)
    c = third_party(req, info_request)
    with pytest.raises(SunlightError, match="理由"):
        record_answer(c, by=req.officer, answer="objection", text="  ", on=date(2026, 3, 16))
    with pytest.raises(SunlightError, match="同意公开或不同意公开"):
        record_answer(c, by=req.officer, answer="no_reply", on=date(2026, 3, 16))
    assert Consultation.objects.get(pk=c.pk).answer == "pending" and fresh(info_request).status == "consulting"
    record_answer(c, by=req.officer, answer="objection", text="涉及商业秘密", on=date(2026, 3, 16))
    with pytest.raises(SunlightError, match="已有结果"):
        record_answer(c, by=req.officer, answer="consent", on=date(2026, 3, 17))


def test_only_an_approver_may_override_and_only_a_third_partys_objection(req):
    info_request = registered(req)
    c = third_party(req, info_request)
    agreed = consult(
        info_request, by=req.officer, kind="third_party", party="李四", matter="个人信息", on=date(2026, 3, 6)
    )
    record_answer(agreed, by=req.officer, answer="consent", on=date(2026, 3, 9))
    record_answer(c, by=req.officer, answer="objection", text="涉及商业秘密", on=date(2026, 3, 16))
    with pytest.raises(PermissionDenied):
        override_objection(c, by=req.officer, reason="涉及公众健康", on=date(2026, 3, 17))
    with pytest.raises(SunlightError, match="不同意公开的"):
        override_objection(agreed, by=req.reviewer, reason="涉及公众健康", on=date(2026, 3, 17))
    with pytest.raises(SunlightError, match="公共利益"):
        override_objection(c, by=req.reviewer, reason=" ", on=date(2026, 3, 17))
    assert not Consultation.objects.get(pk=c.pk).public_interest_override
    assert not Notice.objects.filter(kind="third_party_decision").exists()

    c = override_objection(
        c, by=req.reviewer, reason="排污数据关系周边居民健康，不公开可能对公共利益造成重大影响", on=date(2026, 3, 17)
    )
    assert c.public_interest_override and c.override_reason.startswith("排污数据")
    decision = Notice.objects.get(request=info_request, kind="third_party_decision")
    assert "云川市某某建材有限公司：" in decision.html and "排污数据关系周边居民健康" in decision.html
    assert "60日内" in decision.html and "6个月内" in decision.html and "行政复议" in decision.html
    assert Event.objects.get(verb="requests.consultation_override").actor == req.reviewer
    with pytest.raises(SunlightError, match="已经作出"):
        override_objection(c, by=req.reviewer, reason="再次", on=date(2026, 3, 18))


def test_silent_consultations_lapse_once_and_the_clock_resumes_on_the_day_the_window_ended(req):
    info_request = registered(req)
    c = third_party(req, info_request)  # window ends 2026-03-26
    assert lapse_consultations(today=date(2026, 3, 26)) == 0  # the last day is still the party's
    assert lapse_consultations(today=date(2026, 4, 2)) == 1
    c.refresh_from_db()
    info_request = fresh(info_request)
    assert c.answer == "no_reply" and c.answered_on == date(2026, 3, 26)
    assert (
        info_request.status == "processing"
        and info_request.clock_events[-1]["kind"] == "resume"
        and info_request.clock_events[-1]["date"] == "2026-03-26"
    )
    assert info_request.due_on == date(
        2026, 4, 21
    )  # 17 days left, counted from the window's end, not from the day the job ran
    events = info_request.clock_events
    assert lapse_consultations(today=date(2026, 4, 3)) == 0
    assert fresh(info_request).clock_events == events
    lapse = Event.objects.get(verb="requests.consultation_lapse")
    assert lapse.actor is None and lapse.data["means"] == "agency_decides"


def test_a_co_producers_silence_counts_as_consent(req):
    info_request = registered(req)
    consult(
        info_request, by=req.officer, kind="co_producer", party="云川市生态环境局", matter="联合发布的监测报告", on=SENT
    )
    assert lapse_consultations(today=date(2026, 3, 27)) == 1
    assert Event.objects.get(verb="requests.consultation_lapse").data["means"] == "consent"
    assert fresh(info_request).status == "processing"


def test_a_late_answer_resumes_the_clock_no_later_than_the_end_of_the_window(req):
    info_request = registered(req)
    c = third_party(req, info_request)
    record_answer(c, by=req.officer, answer="consent", on=date(2026, 3, 30))  # window ended 03-26
    info_request = fresh(info_request)
    assert (
        info_request.clock_events[-1]["date"] == "2026-03-26"
        and Event.objects.get(verb="requests.consultation_answer").data["late"]
    )


def test_consulting_is_refused_while_correcting_on_a_closed_request_and_without_a_party_or_matter(req):
    info_request = registered(req)
    with pytest.raises(SunlightError, match="征求意见的对象"):
        third_party(req, info_request, party=" ")
    with pytest.raises(SunlightError, match="事项"):
        third_party(req, info_request, matter="")
    with pytest.raises(SunlightError, match="类别"):
        third_party(req, info_request, kind="neighbour")
    actions.request_correction(
        info_request, by=req.officer, items="请说明年份", correct_by=date(2026, 3, 20), on=date(2026, 3, 4)
    )
    with pytest.raises(SunlightError, match="待补正"):
        third_party(req, info_request)
    closed = actions.reply(registered(req), by=req.officer, category="disclosed", text="见附件", on=date(2026, 3, 10))
    with pytest.raises(SunlightError, match="已经办结"):
        third_party(req, closed)
    assert not Consultation.objects.exists()


def test_an_officer_of_another_district_and_an_outsider_can_do_nothing_with_a_consultation(req):
    info_request = registered(req)
    for who in (req.west_officer, req.outsider):
        with pytest.raises(PermissionDenied):
            consult(info_request, by=who, kind="third_party", party="某公司", matter="x", on=SENT)
    c = third_party(req, info_request)
    for who in (req.west_officer, req.outsider):
        with pytest.raises(PermissionDenied):
            record_answer(c, by=who, answer="consent", on=date(2026, 3, 16))
        with pytest.raises(PermissionDenied):
            set_reasonable_deadline(registered(req), by=who, due_on=date(2026, 4, 20), reason="x", on=SENT)
    assert Consultation.objects.get(pk=c.pk).answer == "pending"


def test_an_art_35_deadline_extends_the_clock_once_to_the_later_day_and_tells_the_applicant(req):
    info_request = registered(req)
    info_request = set_reasonable_deadline(
        info_request,
        by=req.officer,
        due_on=date(2026, 4, 20),
        on=date(2026, 3, 10),
        reason="申请人本月提出120件申请，理由合理，但无法在法定期限内逐一答复",
    )
    assert info_request.due_on == info_request.reasonable_due_on == date(2026, 4, 20)
    last = info_request.clock_events[-1]
    assert last["kind"] == "extend" and last["days"] == 14 and last["reason"].startswith("第三十五条")
    assert info_request.extended_days == 0  # an Art. 33 extension is still a separate act
    notice = Notice.objects.get(request=info_request, kind="deadline")
    assert "2026年4月20日" in notice.html and "2026年3月30日" in notice.html and "第三十五条" in notice.html
    assert "张三：" in notice.html
    with pytest.raises(SunlightError, match="不能再次"):
        set_reasonable_deadline(
            info_request, by=req.officer, due_on=date(2026, 4, 30), reason="再延", on=date(2026, 3, 11)
        )


def test_an_art_35_deadline_must_be_a_later_working_day_with_a_reason_and_before_the_deadline_passes(req):
    info_request = registered(req)
    for due_on, reason, message in [
        (date(2026, 3, 30), "理由", "晚于当前"),
        (date(2026, 3, 20), "理由", "晚于当前"),
        (date(2026, 4, 18), "理由", "工作日"),
        (date(2026, 4, 20), " ", "写明"),
    ]:
        with pytest.raises(SunlightError, match=message):
            set_reasonable_deadline(info_request, by=req.officer, due_on=due_on, reason=reason, on=date(2026, 3, 10))
    with pytest.raises(SunlightError, match="期限已过"):
        set_reasonable_deadline(
            info_request, by=req.officer, due_on=date(2026, 4, 20), reason="理由", on=date(2026, 3, 31)
        )
    third_party(req, info_request)
    with pytest.raises(SunlightError, match="计时进行中"):
        set_reasonable_deadline(
            info_request, by=req.officer, due_on=date(2026, 4, 20), reason="理由", on=date(2026, 3, 10)
        )
    info_request = fresh(info_request)
    assert info_request.reasonable_due_on is None and not Notice.objects.filter(kind="deadline").exists()


def test_a_request_not_corrected_in_time_is_closed_as_other_1_with_a_reply_notice_once(req):
    info_request = registered(req)
    actions.request_correction(
        info_request, by=req.officer, items="请说明年份", correct_by=date(2026, 3, 20), on=date(2026, 3, 4)
    )
    assert lapse_corrections(today=date(2026, 3, 20)) == 0  # the deadline day itself is still the applicant's
    assert lapse_corrections(today=date(2026, 3, 23)) == 1
    info_request = fresh(info_request)
    assert info_request.status == "closed" and (info_request.outcome.category, info_request.outcome.number) == (
        "other",
        1,
    )
    assert (
        info_request.replied_on == date(2026, 3, 23)
        and "逾期未补正" in info_request.reply_text
        and "2026年3月20日" in info_request.reply_text
    )
    reply = Notice.objects.get(request=info_request, kind="reply")
    assert "其他处理" in reply.html and "逾期未补正" in reply.html
    assert Event.objects.get(verb="requests.correction_lapse").actor is None
    assert lapse_corrections(today=date(2026, 3, 24)) == 0
    assert Notice.objects.filter(request=info_request, kind="reply").count() == 1


def test_the_nightly_task_runs_the_three_lapses_and_the_deadline_refresh(req, monkeypatch):
    from sunlight.requests.tasks import lapse_due

    calls = []
    monkeypatch.setattr("sunlight.requests.actions.lapse_unpaid_fees", lambda today=None: calls.append(today) or 0)
    info_request = registered(req)
    actions.request_correction(
        info_request, by=req.officer, items="请说明年份", correct_by=date(2026, 3, 20), on=date(2026, 3, 4)
    )
    other = registered(req)
    third_party(req, other)
    result = lapse_due.call()  # today is long after both deadlines
    # …and then raises the to-dos of what is now overdue (the consulted request resumed long ago: 1 for its officer).
    assert result == {"corrections": 1, "consultations": 1, "fees": 0, "deadlines": 0, "todos": 1} and calls == [None]
    assert fresh(info_request).status == "closed" and fresh(other).status == "processing"
