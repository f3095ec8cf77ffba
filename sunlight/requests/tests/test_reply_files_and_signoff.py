"""Replies carry the information (attachments, checked, listed in the notice, downloadable by the applicant and staff)
and, with REQUESTS_REPLY_SIGNOFF, wait for a reviewer's sign-off in the reviewer's own session."""

from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from sunlight.disclosure.tests.builders import make_pdf
from sunlight.errors import SunlightError
from sunlight.events.models import Event
from sunlight.notify.models import Todo
from sunlight.requests import actions
from sunlight.requests.models import InfoRequest, ReplyDraft

from .builders import registered


def png() -> bytes:
    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (2, 2), "white").save(out, "PNG")
    return out.getvalue()


PDF = make_pdf("2025 budget table")


def online(req, spring_2026):
    return actions.submit_online(
        org=req.east,
        applicant=req.applicant,
        description="2025年城乡低保资金发放明细",
        format="electronic",
        delivery="online",
    )


# --- attachments -----------------------------------------------------------------------------------


def test_a_reply_with_files_lists_them_in_the_notice(client, req, today):
    info_request = registered(req)
    client.force_login(req.officer)
    response = client.post(
        f"/workbench/requests/{info_request.pk}/reply",
        {
            "outcome": "disclosed",
            "text": "现予以提供，详见附件。",
            "on": "2026-03-18",
            "files": [
                SimpleUploadedFile("2025年低保资金明细.pdf", PDF, "application/pdf"),
                SimpleUploadedFile("公示照片.png", png(), "image/png"),
            ],
        },
    )
    assert response.status_code == 302
    info_request = InfoRequest.objects.get(pk=info_request.pk)
    assert info_request.status == "closed" and [a.name for a in info_request.reply_attachments.all()] == [
        "2025年低保资金明细.pdf",
        "公示照片.png",
    ]
    notice = info_request.notices.get(kind="reply")
    assert "附件1：" in notice.html and "2025年低保资金明细.pdf" in notice.html and "公示照片.png" in notice.html
    assert Event.objects.get(verb="requests.reply").data["attachments"] == ["2025年低保资金明细.pdf", "公示照片.png"]


def test_a_file_that_is_not_what_its_name_says_is_refused_and_nothing_is_sent(client, req, today):
    info_request = registered(req)
    client.force_login(req.officer)
    response = client.post(
        f"/workbench/requests/{info_request.pk}/reply",
        {
            "outcome": "disclosed",
            "text": "现予以提供。",
            "on": "2026-03-18",
            "files": [SimpleUploadedFile("明细.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf")],
        },
    )
    assert response.status_code == 400 and "明细.pdf" not in InfoRequest.objects.get(pk=info_request.pk).reply_text
    info_request = InfoRequest.objects.get(pk=info_request.pk)
    assert info_request.status == "processing" and not info_request.reply_attachments.exists()


def test_staff_who_see_the_request_download_the_file_and_an_outsider_cannot(client, req, today):
    info_request = registered(req)
    a = actions.add_reply_attachment(info_request, by=req.officer, data=PDF, filename="明细.pdf")
    client.force_login(req.reviewer)
    response = client.get(f"/workbench/requests/{info_request.pk}/attachments/{a.pk}")
    assert response.status_code == 200 and response.content == PDF and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;") and "no-store" in response["Cache-Control"]
    client.force_login(req.outsider)
    assert client.get(f"/workbench/requests/{info_request.pk}/attachments/{a.pk}").status_code == 403
    client.force_login(req.west_officer)
    assert client.post(f"/workbench/requests/{info_request.pk}/attachments/{a.pk}/remove").status_code == 403


def test_the_applicant_downloads_the_files_by_code_in_a_post_only_once_the_reply_is_sent(client, req, spring_2026):
    info_request, code = online(req, spring_2026)
    a = actions.add_reply_attachment(info_request, by=req.officer, data=PDF, filename="明细.pdf")
    form = {"code": code, "attachment": str(a.pk)}
    assert client.post("/requests/track/attachment", form).status_code == 404  # not before the reply
    actions.reply(info_request, by=req.officer, category="disclosed", text="现予以提供。")
    status = client.post("/requests/track", {"code": code}).content.decode()
    assert "答复附件" in status and "明细.pdf" in status and code not in status.split("track/attachment")[0][-200:]
    response = client.post("/requests/track/attachment", form)
    assert response.status_code == 200 and response.content == PDF
    assert client.post("/requests/track/attachment", {"code": "WRONG-CODE", "attachment": str(a.pk)}).status_code == 404
    assert client.get("/requests/track/attachment").status_code == 405


def test_the_signed_in_applicant_downloads_from_my_requests_and_nobody_else(client, req, spring_2026):
    info_request, _code = actions.submit_online(
        org=req.east,
        applicant=req.applicant,
        description="低保资金",
        format="electronic",
        delivery="online",
        user=req.citizen,
    )
    a = actions.add_reply_attachment(info_request, by=req.officer, data=PDF, filename="明细.pdf")
    actions.reply(info_request, by=req.officer, category="disclosed", text="现予以提供。")
    url = f"/requests/{info_request.number}/attachments/{a.pk}"
    client.force_login(req.citizen)
    assert url in client.get(f"/requests/{info_request.number}/").content.decode()
    assert client.get(url).status_code == 200
    client.force_login(req.clerk)
    assert client.get(url).status_code == 404


# --- sign-off --------------------------------------------------------------------------------------


@pytest.fixture
def signoff(settings):
    settings.REQUESTS_REPLY_SIGNOFF = True


def test_with_the_sign_off_setting_the_handler_cannot_send_a_reply_alone(req, signoff):
    info_request = registered(req)
    with pytest.raises(SunlightError, match="签发"):
        actions.reply(info_request, by=req.officer, category="disclosed", text="现予以提供。", on=date(2026, 3, 18))


def test_a_draft_reply_is_signed_off_by_the_reviewer_in_their_session(
    req, signoff, today, django_capture_on_commit_callbacks
):
    info_request = registered(req)
    actions.add_reply_attachment(info_request, by=req.officer, data=PDF, filename="明细.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        draft = actions.draft_reply(
            info_request,
            by=req.officer,
            category="partial",
            text="部分公开。",
            withheld_parts=[{"part": "身份证号码", "reason": "个人隐私"}],
        )
    assert (
        InfoRequest.objects.get(pk=info_request.pk).status == "processing"
        and not info_request.notices.filter(kind="reply").exists()
    )
    todo = Todo.objects.get(user=req.reviewer, key=f"request:{draft.request_id}:reply-draft:{draft.pk}")
    assert todo.url == f"/workbench/requests/{info_request.pk}/"
    with pytest.raises(PermissionDenied):
        actions.sign_off_reply(draft, by=req.officer)
    with django_capture_on_commit_callbacks(execute=True):
        info_request = actions.sign_off_reply(draft, by=req.reviewer)
    assert (
        info_request.status == "closed"
        and info_request.outcome.category == "partial"
        and info_request.withheld_parts == [{"part": "身份证号码", "reason": "个人隐私"}]
    )
    assert info_request.replied_on == date(2026, 3, 20)  # the day it was signed off
    assert Event.objects.get(verb="requests.reply").data["signed_off_by"] == "reviewer"
    assert "明细.pdf" in info_request.notices.get(kind="reply").html
    assert ReplyDraft.objects.get(pk=draft.pk).status == "signed"
    assert Todo.objects.get(pk=todo.pk).done_at is not None


def test_a_returned_draft_goes_back_to_the_handler_with_the_reason(
    client, req, signoff, today, django_capture_on_commit_callbacks
):
    info_request = registered(req)
    client.force_login(req.officer)
    response = client.post(
        f"/workbench/requests/{info_request.pk}/reply", {"outcome": "disclosed", "text": "现予以提供。"}
    )
    assert response.status_code == 302 and InfoRequest.objects.get(pk=info_request.pk).status == "processing"
    assert 'name="signoff-decision"' not in client.get(f"/workbench/requests/{info_request.pk}/").content.decode()
    client.force_login(req.reviewer)
    page = client.get(f"/workbench/requests/{info_request.pk}/").content.decode()
    assert "待签发的答复稿" in page and "signoff_decision" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/workbench/requests/{info_request.pk}/reply/signoff", {"decision": "refuse", "reason": "请补充法律依据"}
        )
    assert response.status_code == 302
    todo = Todo.objects.get(user=req.officer, key__endswith=":returned")
    assert "退回" in todo.title and todo.detail == "请补充法律依据"
    client.force_login(req.officer)
    page = client.get(f"/workbench/requests/{info_request.pk}/").content.decode()
    assert "请补充法律依据" in page and "提交签发" in page
    client.force_login(req.west_officer)
    assert (
        client.post(f"/workbench/requests/{info_request.pk}/reply/signoff", {"decision": "approve"}).status_code == 403
    )


def test_the_api_uploads_files_drafts_and_the_approver_signs_off_with_their_own_token(client, req, signoff, today):
    from sunlight.accounts.models import ApiToken

    info_request = registered(req)
    tokens = {u.username: ApiToken.issue(u, "t", 30)[1] for u in (req.officer, req.reviewer, req.west_officer)}

    def post(path, token, **kw):
        return client.post(f"/api/v1/requests{path}", HTTP_AUTHORIZATION=f"Bearer {tokens[token]}", **kw)

    bad = post(
        f"/staff/{info_request.pk}/reply-attachments",
        "officer",
        data={"file": SimpleUploadedFile("a.pdf", b"<html>x</html>")},
    )
    assert bad.status_code == 400 and bad["Content-Type"].startswith("application/json")
    assert (
        post(
            f"/staff/{info_request.pk}/reply-attachments",
            "west_officer",
            data={"file": SimpleUploadedFile("a.pdf", PDF)},
        ).status_code
        == 403
    )
    up = post(
        f"/staff/{info_request.pk}/reply-attachments", "officer", data={"file": SimpleUploadedFile("明细.pdf", PDF)}
    )
    assert up.status_code == 201 and up.json()["reply_attachments"][0]["name"] == "明细.pdf"
    alone = post(
        f"/staff/{info_request.pk}/reply",
        "officer",
        data={"category": "disclosed", "text": "x"},
        content_type="application/json",
    )
    assert alone.status_code == 400 and alone.json()["error"] == "signoff_required"
    drafted = post(
        f"/staff/{info_request.pk}/reply-draft",
        "officer",
        data={"category": "disclosed", "text": "现予以提供。"},
        content_type="application/json",
    )
    assert drafted.status_code == 201
    draft_id = drafted.json()["reply_drafts"][0]["id"]
    assert post(f"/staff/reply-drafts/{draft_id}/sign-off", "officer").status_code == 403  # not an approver
    assert post(f"/staff/reply-drafts/{draft_id}/sign-off", "west_officer").status_code == 403
    signed = post(f"/staff/reply-drafts/{draft_id}/sign-off", "reviewer")
    assert signed.status_code == 200 and signed.json()["status"] == "closed"
    assert signed.json()["reply_drafts"][0]["decided_by"] == "reviewer"
