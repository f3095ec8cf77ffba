"""The acts of 意见征集 and 听证: each refusal leaves nothing written."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied

from sunlight.errors import Conflict, SunlightError
from sunlight.events.models import Event
from sunlight.notify.models import Todo

from .. import actions
from ..models import Comment, Consultation, FeedbackPoint, FeedbackReport, Hearing
from . import builders

pytestmark = pytest.mark.django_db


def at(day: date):
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def events(verb: str) -> int:
    return Event.objects.filter(verb=verb).count()


def test_an_opened_consultation_takes_comments_and_masks_personal_data_in_the_public_text(dis):
    consultation = builders.opened(dis)
    assert consultation.status == Consultation.Status.OPEN
    comment = builders.comment(consultation)
    assert comment.number == 1 and comment.moderation == Comment.Moderation.PENDING
    assert comment.content == builders.PHONE_COMMENT
    assert "13812345678" not in comment.public_text and "138****5678" in comment.public_text
    assert "11010519491231002X" not in comment.public_text and "110105********002X" in comment.public_text
    assert set(comment.findings) == {"mobile", "id_number"}
    assert events("consultations.comment") == 1
    todo = Todo.objects.get(user=dis.officer, key=f"consultation:{consultation.pk}:moderate")
    assert "1 条意见待审核" in todo.title and todo.done_at is None
    assert Todo.objects.filter(user=dis.reviewer, key=todo.key).exists()


def test_a_signed_in_citizen_comments_under_their_own_name(dis):
    consultation = builders.opened(dis)
    comment = builders.comment(consultation, by=dis.citizen, name="别人")
    assert comment.writer == dis.citizen and comment.writer_name == "孙民"


def test_a_script_in_a_comment_is_kept_as_plain_text(dis):
    consultation = builders.opened(dis)
    comment = builders.comment(consultation, content="<script>alert(1)</script>好")
    assert comment.public_text == "<script>alert(1)</script>好"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [("", "意见", "name_required"), ("张", "", "required"), ("张", "字" * 3001, "too_long")],
)
def test_a_comment_without_a_name_or_content_or_too_long_is_refused_and_nothing_is_written(dis, name, content, code):
    consultation = builders.opened(dis)
    with pytest.raises(SunlightError) as refused:
        actions.submit_comment(consultation, by=None, name=name, content=content)
    assert refused.value.code == code and refused.value.status == 400
    assert not Comment.objects.exists() and events("consultations.comment") == 0


def test_a_comment_after_end_on_is_refused_and_nothing_is_written(dis):
    consultation = builders.opened(dis)
    dis.traveller.move_to(at(date(2026, 7, 1)))
    with pytest.raises(Conflict) as refused:
        builders.comment(consultation)
    assert refused.value.status == 409
    assert not Comment.objects.exists() and events("consultations.comment") == 0
    assert not Todo.objects.exists()


def test_a_comment_before_start_on_or_on_a_planned_consultation_is_refused(dis):
    early = builders.opened(dis, start_on=date(2026, 6, 20))
    with pytest.raises(Conflict):
        builders.comment(early)
    planned = builders.planned(dis, title="未开始的征集")
    with pytest.raises(Conflict):
        builders.comment(planned)
    assert not Comment.objects.exists()


def test_opening_needs_a_published_draft_of_the_org_or_below_and_dates_in_order(dis):
    from sunlight.disclosure.tests.builders import draft, published

    unpublished = draft(dis, title="未发布的草稿")
    with pytest.raises(SunlightError) as refused:
        builders.planned(dis, draft=unpublished)
    assert refused.value.code == "document_not_published"
    west_doc = published(dis, publisher=dis.west, title="云湖区的文件")
    with pytest.raises(SunlightError) as refused:
        builders.planned(dis, draft=west_doc)
    assert refused.value.code == "document_not_ours"
    with pytest.raises(SunlightError) as refused:
        builders.planned(dis, start_on=date(2026, 6, 30), end_on=date(2026, 6, 30))
    assert refused.value.code == "bad_dates"
    assert not Consultation.objects.exists() and events("consultations.create") == 0


def test_the_city_admin_may_consult_on_a_document_of_a_district_below(dis):
    consultation = builders.opened(dis, by=dis.admin, org=dis.city)
    assert consultation.org == dis.city


def test_an_outsider_staff_acting_is_refused_with_403_and_nothing_is_written(dis):
    with pytest.raises(PermissionDenied):
        builders.planned(dis, by=dis.west_officer)
    consultation = builders.opened(dis)
    comment = builders.comment(consultation)
    for outsider in (dis.west_officer, dis.outsider, dis.clerk, dis.citizen):
        with pytest.raises(PermissionDenied):
            actions.moderate_comment(comment, by=outsider, decision="approved")
        with pytest.raises(PermissionDenied):
            actions.close_consultation(consultation, by=outsider, reason="提前")
    with pytest.raises(PermissionDenied):
        builders.hearing(dis, by=dis.west_officer)
    comment.refresh_from_db()
    consultation.refresh_from_db()
    assert comment.moderation == "pending" and consultation.status == "open"
    assert events("consultations.moderate") == events("consultations.close") == 0 and not Hearing.objects.exists()


def test_rejecting_a_comment_needs_a_reason_and_a_comment_is_moderated_once(dis):
    consultation = builders.opened(dis)
    comment = builders.comment(consultation)
    with pytest.raises(SunlightError) as refused:
        actions.moderate_comment(comment, by=dis.officer, decision="rejected", reason=" ")
    assert refused.value.code == "required"
    comment.refresh_from_db()
    assert comment.moderation == "pending"
    actions.moderate_comment(comment, by=dis.officer, decision="rejected", reason="广告")
    with pytest.raises(Conflict):
        actions.moderate_comment(comment, by=dis.officer, decision="approved")
    todo = Todo.objects.get(user=dis.officer, key=f"consultation:{consultation.pk}:moderate")
    assert todo.done_at is not None


def test_closing_early_needs_a_reason_and_after_end_on_does_not(dis):
    consultation = builders.opened(dis)
    with pytest.raises(SunlightError) as refused:
        actions.close_consultation(consultation, by=dis.officer)
    assert refused.value.code == "reason_required"
    consultation.refresh_from_db()
    assert consultation.status == "open" and events("consultations.close") == 0
    dis.traveller.move_to(at(date(2026, 7, 1)))
    actions.close_consultation(consultation, by=dis.officer)
    consultation.refresh_from_db()
    assert consultation.status == "closed" and consultation.closed_early_reason == ""
    assert Todo.objects.filter(user=dis.officer, key=f"consultation:{consultation.pk}:report", done_at=None).exists()


def test_a_feedback_report_missing_a_point_for_an_approved_comment_is_refused_and_nothing_is_written(dis):
    consultation, (first, second) = builders.closed(dis)
    builders.point(consultation, dis, [first])
    with pytest.raises(SunlightError) as refused:
        actions.publish_feedback_report(consultation, by=dis.officer, intro="说明")
    assert refused.value.status == 400 and refused.value.code == "report_incomplete"
    assert f"#{second.number}" in refused.value.message and f"#{first.number}" not in refused.value.message
    consultation.refresh_from_db()
    assert consultation.status == "closed" and not FeedbackReport.objects.exists()
    assert events("consultations.report") == 0


def test_a_feedback_report_without_any_point_is_refused(dis):
    consultation, _made = builders.closed(dis, comments=0)
    with pytest.raises(SunlightError) as refused:
        actions.publish_feedback_report(consultation, by=dis.officer)
    assert "至少要有一个反馈要点" in refused.value.message
    assert not FeedbackReport.objects.exists()


@pytest.mark.parametrize("decision", ["not_adopted", "partly"])
def test_a_point_not_fully_adopted_without_reasons_stops_the_report_and_nothing_is_written(dis, decision):
    consultation, made = builders.closed(dis)
    builders.point(consultation, dis, made, decision=decision, reasons="")
    with pytest.raises(SunlightError) as refused:
        actions.publish_feedback_report(consultation, by=dis.officer)
    assert refused.value.status == 400 and "第 1 条" in refused.value.message
    consultation.refresh_from_db()
    assert consultation.status == "closed" and not FeedbackReport.objects.exists()


def test_a_pending_comment_stops_the_report(dis):
    consultation = builders.opened(dis)
    builders.comment(consultation)
    actions.close_consultation(consultation, by=dis.officer, reason="提前结束")
    with pytest.raises(SunlightError) as refused:
        actions.publish_feedback_report(consultation, by=dis.officer)
    assert "尚有意见未审核" in refused.value.message


def test_a_point_may_answer_only_approved_comments_of_its_consultation(dis):
    consultation, _made = builders.closed(dis)
    other = builders.opened(dis, title="另一项征集")
    stray = builders.approved(other, dis)
    with pytest.raises(SunlightError) as refused:
        builders.point(consultation, dis, [stray])
    assert refused.value.code == "bad_comments" and not FeedbackPoint.objects.exists()


def test_a_complete_report_is_published_and_the_final_document_linked_after_it(dis):
    consultation = builders.reported(dis)
    assert consultation.status == "reported" and consultation.report.intro == "共收到意见2条。"
    final = builders.final_document(dis)
    actions.link_final_document(consultation, by=dis.officer, document=final)
    consultation.refresh_from_db()
    assert consultation.status == "concluded" and consultation.final_document == final
    assert events("consultations.link_final") == 1
    assert not Todo.objects.filter(key__startswith=f"consultation:{consultation.pk}:", done_at=None).exists()


def test_linking_the_final_document_before_the_report_is_refused_with_409_and_nothing_is_written(dis):
    consultation, _made = builders.closed(dis)
    final = builders.final_document(dis)
    with pytest.raises(Conflict) as refused:
        actions.link_final_document(consultation, by=dis.officer, document=final)
    assert refused.value.status == 409 and refused.value.code == "report_first"
    consultation.refresh_from_db()
    assert consultation.final_document is None and consultation.status == "closed"
    assert events("consultations.link_final") == 0


def test_points_cannot_be_changed_once_the_report_is_published(dis):
    consultation = builders.reported(dis)
    with pytest.raises(Conflict):
        builders.point(consultation, dis, [])
    point = consultation.points.get()
    with pytest.raises(Conflict):
        actions.remove_feedback_point(point, by=dis.officer)
    assert consultation.points.count() == 1


def test_a_hearing_is_announced_before_it_is_held_and_its_record_published_after(dis):
    with pytest.raises(SunlightError) as refused:
        builders.hearing(dis, held_on=date(2026, 6, 15))
    assert refused.value.code == "too_late" and not Hearing.objects.exists()
    hearing = builders.hearing(dis)
    with pytest.raises(Conflict) as refused:
        actions.publish_hearing_record(hearing, by=dis.officer, record_text="记录")
    assert refused.value.code == "not_held"
    dis.traveller.move_to(at(date(2026, 6, 26)))
    with pytest.raises(PermissionDenied):
        actions.publish_hearing_record(hearing, by=dis.west_officer, record_text="记录")
    actions.publish_hearing_record(hearing, by=dis.reviewer, record_text="听证会记录全文。")
    hearing.refresh_from_db()
    assert hearing.record == "听证会记录全文。" and hearing.record_published_at is not None
    with pytest.raises(Conflict):
        actions.publish_hearing_record(hearing, by=dis.reviewer, record_text="再次")
    assert events("consultations.announce_hearing") == events("consultations.hearing_record") == 1
