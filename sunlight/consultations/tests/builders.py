"""One way to make consultations and hearings for tests, through the acts, on the cast of the `dis` fixture
(conftest.py): 青溪区人民政府 consults; its officer and reviewer act; 云湖区's are outsiders. The day is 2026-06-15."""

from __future__ import annotations

from datetime import date

from sunlight.disclosure.tests.builders import published

from .. import actions
from ..models import Comment, Consultation, FeedbackPoint, Hearing

START, END = date(2026, 6, 10), date(2026, 6, 30)
PHONE_COMMENT = "建议延长报名时间。我的手机 13812345678，身份证 11010519491231002X。"


def draft_document(dis, **fields):
    values = {"title": "青溪区义务教育入学办法（征求意见稿）", "genre": dis.normative}
    values.update(fields)
    return published(dis, **values)


def final_document(dis, **fields):
    values = {"title": "青溪区义务教育入学办法", "genre": dis.normative}
    values.update(fields)
    return published(dis, **values)


def planned(dis, **fields) -> Consultation:
    values = {
        "by": dis.officer,
        "org": dis.east,
        "title": "《青溪区义务教育入学办法（征求意见稿）》公开征求意见",
        "summary": "欢迎提出意见。",
        "start_on": START,
        "end_on": END,
    }
    values.update(fields)
    if "draft" not in values:
        values["draft"] = draft_document(dis)
    return actions.create_consultation(**values)


def opened(dis, **fields) -> Consultation:
    return actions.open_consultation(planned(dis, **fields), by=fields.get("by", dis.officer))


def comment(consultation: Consultation, *, by=None, name: str = "张先生", content: str = PHONE_COMMENT) -> Comment:
    return actions.submit_comment(consultation, by=by, name=name, content=content)


def approved(consultation: Consultation, dis, **fields) -> Comment:
    return actions.moderate_comment(comment(consultation, **fields), by=dis.officer, decision="approved")


def closed(dis, *, comments: int = 2, **fields) -> tuple[Consultation, list[Comment]]:
    """Open, `comments` approved comments, closed early (with a reason) on 2026-06-15."""
    consultation = opened(dis, **fields)
    made = [approved(consultation, dis, content=f"意见{i + 1}：建议增加学位。") for i in range(comments)]
    actions.close_consultation(consultation, by=dis.officer, reason="已收到足够意见。")
    consultation.refresh_from_db()
    return consultation, made


def point(consultation: Consultation, dis, comments, *, decision: str = "adopted", reasons: str = "") -> FeedbackPoint:
    return actions.add_feedback_point(
        consultation, by=dis.officer, summary="增加学位。", decision=decision, reasons=reasons, comments=comments
    )


def reported(dis, **fields) -> Consultation:
    consultation, made = closed(dis, **fields)
    point(consultation, dis, made, decision="partly", reasons="学位按规划分步增加。")
    actions.publish_feedback_report(consultation, by=dis.reviewer, intro="共收到意见2条。")
    consultation.refresh_from_db()
    return consultation


def hearing(dis, **fields) -> Hearing:
    values = {
        "by": dis.officer,
        "org": dis.east,
        "title": "青溪区公交票价调整听证会",
        "subject": "公交票价调整方案。",
        "held_on": date(2026, 6, 25),
        "place": "青溪区政府二楼会议室",
        "announcement": "定于6月25日举行听证会。",
    }
    values.update(fields)
    return actions.announce_hearing(**values)
