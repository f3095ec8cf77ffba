"""The public pages and the workbench: masked comments appear only once approved, the comment form, the report,
the acts through POST/redirect/GET, and every workbench URL refused to outsiders."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from .. import actions
from ..models import Comment, Consultation, FeedbackReport, Hearing
from . import builders

pytestmark = pytest.mark.django_db


def test_the_public_page_shows_masked_comments_only_after_approval(client, dis):
    consultation = builders.opened(dis)
    comment = builders.comment(consultation)
    url = reverse("consultations:consultation", args=[consultation.pk])
    page = client.get(url).content.decode()
    assert "建议延长报名时间" not in page and "13812345678" not in page
    assert consultation.draft.title in page and "还剩 15 天截止" in page
    actions.moderate_comment(comment, by=dis.officer, decision="approved")
    page = client.get(url).content.decode()
    assert "建议延长报名时间" in page and "138****5678" in page
    assert "13812345678" not in page and "11010519491231002X" not in page


def test_a_script_in_a_comment_is_shown_escaped(client, dis):
    consultation = builders.opened(dis)
    builders.approved(consultation, dis, content="<script>alert(1)</script>")
    page = client.get(reverse("consultations:consultation", args=[consultation.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_list_puts_open_consultations_first_and_filters_by_status_and_org(client, dis):
    concluded = builders.reported(dis, title="已反馈的征集")
    open_one = builders.opened(dis, title="正在征集的征集")
    builders.planned(dis, title="尚未开始的草拟征集")
    page = client.get(reverse("consultations:index")).content.decode()
    assert page.index(open_one.title) < page.index(concluded.title) and "尚未开始的草拟征集" not in page
    page = client.get(reverse("consultations:index"), {"status": "reported"}).content.decode()
    assert concluded.title in page and open_one.title not in page
    assert client.get(reverse("consultations:index"), {"org": dis.west.pk}).content.decode().count("已反馈的征集") == 0
    assert client.get(reverse("consultations:index"), {"org": "x"}).status_code == 404
    assert client.get(reverse("consultations:index"), {"status": "draft"}).status_code == 404


def test_a_draft_consultation_is_not_public(client, dis):
    consultation = builders.planned(dis)
    assert client.get(reverse("consultations:consultation", args=[consultation.pk])).status_code == 404


def test_an_anonymous_visitor_comments_with_a_name_and_is_sent_back_to_the_form(client, dis):
    consultation = builders.opened(dis)
    url = reverse("consultations:comment", args=[consultation.pk])
    assert "提交意见" in client.get(url).content.decode()
    response = client.post(url, {"name": "", "content": "意见"})
    assert response.status_code == 400 and "请填写姓名或称呼" in response.content.decode()
    response = client.post(url, {"name": "王女士", "content": "建议增加学位。"})
    assert response.status_code == 302 and response["Location"] == url + "?sent=1"
    assert "意见已提交" in client.get(response["Location"]).content.decode()
    comment = Comment.objects.get()
    assert comment.writer is None and comment.writer_name == "王女士"


def test_the_comment_form_refuses_after_end_on(client, dis):
    consultation = builders.opened(dis)
    dis.traveller.move_to(date(2026, 7, 1).isoformat() + "T10:00:00+08:00")
    url = reverse("consultations:comment", args=[consultation.pk])
    assert "不在征集期内" in client.get(url).content.decode()
    response = client.post(url, {"name": "王女士", "content": "晚了"})
    assert response.status_code == 409 and not Comment.objects.exists()


def test_the_public_page_shows_the_report_with_every_point_and_the_final_document(client, dis):
    consultation = builders.reported(dis)
    final = builders.final_document(dis)
    actions.link_final_document(consultation, by=dis.officer, document=final)
    page = client.get(reverse("consultations:consultation", args=[consultation.pk])).content.decode()
    assert "意见采纳情况反馈" in page and "部分采纳" in page and "学位按规划分步增加" in page
    assert reverse("disclosure:document", args=[final.pk]) in page


def test_hearing_pages_show_the_announcement_and_then_the_record(client, dis):
    hearing = builders.hearing(dis)
    assert hearing.title in client.get(reverse("consultations:hearings")).content.decode()
    page = client.get(reverse("consultations:hearing", args=[hearing.pk])).content.decode()
    assert "定于6月25日举行听证会" in page and "听证记录尚未公开" in page
    dis.traveller.move_to("2026-06-26T10:00:00+08:00")
    actions.publish_hearing_record(hearing, by=dis.officer, record_text="会议记录全文。")
    assert "会议记录全文" in client.get(reverse("consultations:hearing", args=[hearing.pk])).content.decode()


# --- workbench ---------------------------------------------------------------------------------------------------


def test_an_officer_runs_a_consultation_from_the_workbench(client, dis):
    client.force_login(dis.officer)
    draft = builders.draft_document(dis)
    response = client.post(
        reverse("consultations_wb:create"),
        {
            "org": dis.east.pk,
            "draft": draft.index_number,
            "title": "公开征求意见",
            "summary": "",
            "start_on": "2026-06-15",
            "end_on": "2026-07-15",
        },
    )
    consultation = Consultation.objects.get()
    detail = reverse("consultations_wb:detail", args=[consultation.pk])
    assert response.status_code == 302 and response["Location"] == detail
    assert client.post(reverse("consultations_wb:act", args=[consultation.pk, "open"])).status_code == 302
    comment = builders.comment(consultation)
    assert "待审核意见" in client.get(detail).content.decode()
    url = reverse("consultations_wb:moderate", args=[consultation.pk, comment.pk])
    response = client.post(url, {f"m{comment.pk}-decision": "rejected", f"m{comment.pk}-reason": ""})
    assert response.status_code == 400
    response = client.post(url, {f"m{comment.pk}-decision": "approved"})
    assert response.status_code == 302
    response = client.post(reverse("consultations_wb:act", args=[consultation.pk, "close"]), {"reason": ""})
    assert response.status_code == 400 and "提前截止须说明理由" in response.content.decode()
    client.post(reverse("consultations_wb:act", args=[consultation.pk, "close"]), {"reason": "提前完成"})
    page = client.get(detail).content.decode()
    assert "添加反馈要点" in page and "没有对应的反馈要点" in page
    response = client.post(reverse("consultations_wb:act", args=[consultation.pk, "report"]), {"intro": ""})
    assert response.status_code == 400 and "至少要有一个反馈要点" in response.content.decode()
    response = client.post(
        reverse("consultations_wb:point_add", args=[consultation.pk]),
        {"summary": "要点", "decision": "not_adopted", "reasons": "", "comments": [comment.pk]},
    )
    assert response.status_code == 302
    response = client.post(reverse("consultations_wb:act", args=[consultation.pk, "report"]), {"intro": ""})
    assert response.status_code == 400 and "没有说明理由" in response.content.decode()
    point = consultation.points.get()
    edit = reverse("consultations_wb:point_edit", args=[consultation.pk, point.pk])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit, {"summary": "要点", "decision": "not_adopted", "reasons": "与上位法不符。", "comments": [comment.pk]}
    )
    assert response.status_code == 302
    final = builders.final_document(dis)
    response = client.post(
        reverse("consultations_wb:act", args=[consultation.pk, "final"]), {"document": final.index_number}
    )
    assert response.status_code == 409  # not before the report
    assert (
        client.post(reverse("consultations_wb:act", args=[consultation.pk, "report"]), {"intro": "说明"}).status_code
        == 302
    )
    assert FeedbackReport.objects.filter(consultation=consultation).exists()
    response = client.post(
        reverse("consultations_wb:act", args=[consultation.pk, "final"]), {"document": final.index_number}
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == "concluded" and consultation.final_document == final
    page = client.get(detail).content.decode()
    assert final.title in page and "与上位法不符" in page
    assert client.get(reverse("consultations_wb:list")).status_code == 200


def test_an_officer_announces_a_hearing_and_publishes_its_record_from_the_workbench(client, dis):
    client.force_login(dis.officer)
    response = client.post(
        reverse("consultations_wb:hearing_create"),
        {
            "org": dis.east.pk,
            "title": "听证会",
            "subject": "事项",
            "held_on": "2026-06-20",
            "place": "会议室",
            "announcement": "公告",
        },
    )
    hearing = Hearing.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "consultations_wb:hearing", args=[hearing.pk]
    )
    dis.traveller.move_to("2026-06-21T10:00:00+08:00")
    client.force_login(dis.officer)  # the staff session of six days ago has expired
    response = client.post(reverse("consultations_wb:hearing_record", args=[hearing.pk]), {"record_text": "记录"})
    assert response.status_code == 302
    hearing.refresh_from_db()
    assert hearing.record == "记录"


def test_the_create_form_offers_only_the_orgs_the_user_acts_for(client, dis):
    client.force_login(dis.west_officer)
    page = client.get(reverse("consultations_wb:create")).content.decode()
    assert "云湖区人民政府" in page and "青溪区人民政府" not in page


def _workbench_urls(dis) -> tuple[list[str], list[str]]:
    consultation, (comment, _other) = builders.closed(dis)
    point = builders.point(consultation, dis, [comment])
    hearing = builders.hearing(dis)
    pk = consultation.pk
    gets = [
        reverse("consultations_wb:detail", args=[pk]),
        reverse("consultations_wb:point_edit", args=[pk, point.pk]),
        reverse("consultations_wb:hearing", args=[hearing.pk]),
    ]
    posts = [reverse("consultations_wb:act", args=[pk, name]) for name in ("open", "close", "report", "final")] + [
        reverse("consultations_wb:moderate", args=[pk, comment.pk]),
        reverse("consultations_wb:point_add", args=[pk]),
        reverse("consultations_wb:point_edit", args=[pk, point.pk]),
        reverse("consultations_wb:point_remove", args=[pk, point.pk]),
        reverse("consultations_wb:hearing_record", args=[hearing.pk]),
    ]
    return gets, posts


def test_an_outsider_is_refused_on_every_workbench_url_and_nothing_changes(client, dis):
    gets, posts = _workbench_urls(dis)
    lists = [reverse(n) for n in ("consultations_wb:list", "consultations_wb:hearings")]
    client.force_login(dis.west_officer)
    for url in gets + posts:
        response = client.post(url, {"reason": "x", "intro": "x"}) if url in posts else client.get(url)
        assert response.status_code == 404, url
    for url in lists:
        page = client.get(url).content.decode()
        assert "青溪区" not in page, url
    response = client.post(
        reverse("consultations_wb:create"),
        {"org": dis.east.pk, "draft": "x", "title": "t", "start_on": "2026-06-15", "end_on": "2026-07-01"},
    )
    assert response.status_code == 400
    assert Consultation.objects.count() == 1 and Consultation.objects.get().status == "closed"
    assert not FeedbackReport.objects.exists()


def test_a_colleague_who_sees_the_org_but_holds_no_acting_role_is_refused_the_acts(client, dis):
    from sunlight.orgs.models import Role

    _gets, posts = _workbench_urls(dis)
    watcher = dis.add_staff("watcher", dis.east, Role.HANDLER)
    client.force_login(watcher)
    for url in posts:
        assert client.post(url, {"reason": "x", "intro": "x"}).status_code in (403, 404), url
    assert Consultation.objects.get().status == "closed" and not FeedbackReport.objects.exists()


@pytest.mark.parametrize("who", ["citizen", "anonymous"])
def test_citizens_and_anonymous_visitors_are_refused_on_every_workbench_url(client, dis, who):
    gets, posts = _workbench_urls(dis)
    gets += [reverse(n) for n in ("consultations_wb:list", "consultations_wb:hearings", "consultations_wb:create")]
    if who == "citizen":
        client.force_login(dis.citizen)
    for url in gets:
        assert client.get(url).status_code in (302, 403), url
    for url in posts:
        assert client.post(url, {"reason": "x"}).status_code in (302, 403), url
    assert Consultation.objects.get().status == "closed"
