"""Art. 33: an extension is asked for by the handler and approved or refused by the approver, in the approver's session."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from sunlight.errors import SunlightError
from sunlight.events.models import Event
from sunlight.notify.models import Todo
from sunlight.orgs.models import Role
from sunlight.requests import actions
from sunlight.requests.models import Extension, InfoRequest

from .builders import MONDAY, registered


def test_asking_for_an_extension_changes_no_deadline_and_gives_the_approvers_a_to_do(
    req, django_capture_on_commit_callbacks
):
    info_request = registered(req)
    with django_capture_on_commit_callbacks(execute=True):
        e = actions.request_extension(
            info_request, by=req.officer, days=15, reason="需调取历史档案", on=date(2026, 3, 20)
        )
    info_request.refresh_from_db()
    assert (
        e.status == Extension.Status.PENDING
        and info_request.extended_days == 0
        and info_request.due_on == date(2026, 3, 30)
    )
    assert not info_request.notices.filter(kind="extension").exists()
    todo = Todo.objects.get(user=req.reviewer, key=f"request:{e.request_id}:extension:{e.pk}")
    assert todo.url == f"/workbench/requests/{info_request.pk}/" and todo.done_at is None
    assert not Todo.objects.filter(user=req.officer, key=f"request:{e.request_id}:extension:{e.pk}").exists()
    assert Event.objects.filter(verb="requests.extension_requested").exists()


def test_only_the_approver_extends_the_clock_and_the_notice_is_issued_on_approval(
    req, django_capture_on_commit_callbacks
):
    info_request = registered(req)
    with django_capture_on_commit_callbacks(execute=True):
        e = actions.request_extension(
            info_request, by=req.officer, days=20, reason="需调取历史档案", on=date(2026, 3, 20)
        )
    with pytest.raises(PermissionDenied):
        actions.approve_extension(e, by=req.officer, on=date(2026, 3, 23))
    with pytest.raises(PermissionDenied):
        actions.approve_extension(e, by=req.west_officer, on=date(2026, 3, 23))
    with django_capture_on_commit_callbacks(execute=True):
        info_request = actions.approve_extension(e, by=req.reviewer, on=date(2026, 3, 23))
    assert info_request.extended_days == 20 and info_request.due_on == date(2026, 4, 28)
    assert info_request.notices.filter(kind="extension").count() == 1
    e.refresh_from_db()
    assert e.status == Extension.Status.APPROVED and e.decided_by == req.reviewer
    assert Todo.objects.get(user=req.reviewer, key=f"request:{e.request_id}:extension:{e.pk}").done_at is not None
    with pytest.raises(SunlightError, match="已经处理"):
        actions.refuse_extension(e, by=req.reviewer, reason="x")


def test_an_approver_role_of_the_agency_may_approve_and_the_asker_may_not_approve_their_own(req):
    approver = req.add_staff("head", req.east, Role.APPROVER)
    both = req.add_staff("both", req.east, Role.DISCLOSURE_OFFICER)
    from sunlight.orgs.models import Membership

    Membership.objects.create(user=both, org=req.east, role=Role.REVIEWER)
    info_request = registered(req)
    e = actions.request_extension(info_request, by=both, days=5, reason="检索量大", on=date(2026, 3, 20))
    with pytest.raises(SunlightError, match="不能批准自己的延期申请"):
        actions.approve_extension(e, by=both, on=date(2026, 3, 20))
    assert actions.approve_extension(e, by=approver, on=date(2026, 3, 20)).extended_days == 5


def test_a_refusal_needs_a_reason_keeps_the_deadline_and_tells_the_handler(req, django_capture_on_commit_callbacks):
    info_request = registered(req)
    e = actions.request_extension(info_request, by=req.officer, days=10, reason="检索量大", on=date(2026, 3, 20))
    with pytest.raises(SunlightError, match="理由"):
        actions.refuse_extension(e, by=req.reviewer, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        actions.refuse_extension(e, by=req.reviewer, reason="所需信息已经整理完毕，无需延期", on=date(2026, 3, 23))
    info_request.refresh_from_db()
    assert (
        info_request.extended_days == 0
        and info_request.due_on == date(2026, 3, 30)
        and not info_request.notices.filter(kind="extension").exists()
    )
    todo = Todo.objects.get(user=req.officer, key=f"request:{e.request_id}:extension:{e.pk}:decided")
    assert "未获批准" in todo.title and "无需延期" in todo.detail
    # A refused extension may be asked for again (with a better reason).
    assert (
        actions.request_extension(info_request, by=req.officer, days=5, reason="新的理由", on=date(2026, 3, 24)).pk
        != e.pk
    )


def test_an_approval_after_the_original_deadline_is_refused_with_the_reason(req):
    info_request = registered(req)
    e = actions.request_extension(info_request, by=req.officer, days=10, reason="检索量大", on=date(2026, 3, 27))
    with pytest.raises(SunlightError, match="答复期限已过（2026-03-30），不能再批准延期"):
        actions.approve_extension(e, by=req.reviewer, on=date(2026, 3, 31))
    assert InfoRequest.objects.get(pk=info_request.pk).extended_days == 0
    actions.refuse_extension(e, by=req.reviewer, reason="已过答复期限", on=date(2026, 3, 31))
    with pytest.raises(SunlightError, match="期限已过"):
        actions.request_extension(
            InfoRequest.objects.get(pk=info_request.pk), by=req.officer, days=5, reason="x", on=date(2026, 3, 31)
        )


def test_a_second_request_while_one_waits_and_more_than_20_days_are_refused(req):
    info_request = registered(req)
    with pytest.raises(SunlightError, match="最长不超过20个工作日"):
        actions.request_extension(info_request, by=req.officer, days=21, reason="x", on=date(2026, 3, 20))
    actions.request_extension(info_request, by=req.officer, days=10, reason="x", on=date(2026, 3, 20))
    with pytest.raises(SunlightError, match="等待批准"):
        actions.request_extension(info_request, by=req.officer, days=10, reason="y", on=date(2026, 3, 20))


def test_the_handler_sees_who_may_approve_and_an_outsider_cannot_decide(client, req, today):
    info_request = registered(req)
    actions.request_extension(info_request, by=req.officer, days=10, reason="检索量大")
    client.force_login(req.officer)
    page = client.get(f"/workbench/requests/{info_request.pk}/").content.decode()
    assert "等待审批" in page and "reviewer" in page and 'name="decision"' not in page
    client.force_login(req.west_officer)
    response = client.post(f"/workbench/requests/{info_request.pk}/extension/decision", {"decision": "approve"})
    assert response.status_code == 403
    client.force_login(req.reviewer)
    refused = client.post(
        f"/workbench/requests/{info_request.pk}/extension/decision", {"decision": "refuse", "reason": ""}
    )
    assert refused.status_code == 400 and "须写明理由" in refused.content.decode()
    assert Extension.objects.get().status == Extension.Status.PENDING


def test_the_api_asks_with_the_handlers_token_and_the_approver_decides_with_theirs(client, req):
    from sunlight.accounts.models import ApiToken

    info_request = registered(req, received_on=date(2026, 3, 2))
    _t, officer_token = ApiToken.issue(req.officer, "case system", 30)
    _t, reviewer_token = ApiToken.issue(req.reviewer, "head", 30)
    _t, west_token = ApiToken.issue(req.west_officer, "other", 30)

    def post(path, data, token):
        return client.post(
            f"/api/v1/requests{path}", data, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
        )

    from unittest import mock

    with mock.patch("django.utils.timezone.localdate", return_value=date(2026, 3, 20)):
        asked = post(
            f"/staff/{info_request.pk}/extension",
            {"days": 20, "reason": "需调取档案", "approved_by": "reviewer"},
            officer_token,
        )
        assert asked.status_code == 201, asked.content
        ext = asked.json()["extensions"][0]
        assert ext["status"] == "pending" and asked.json()["extended_days"] == 0
        assert post(f"/staff/extensions/{ext['id']}/approve", {}, officer_token).status_code == 403
        assert post(f"/staff/extensions/{ext['id']}/approve", {}, west_token).status_code == 403
        approved = post(f"/staff/extensions/{ext['id']}/approve", {}, reviewer_token)
    assert approved.status_code == 200 and approved.json()["extended_days"] == 20
    assert approved.json()["extensions"][0]["decided_by"] == "reviewer"
    assert MONDAY == date(2026, 3, 2)


def test_closing_the_request_closes_the_approvers_to_do_of_a_waiting_extension(req, django_capture_on_commit_callbacks):
    info_request = registered(req)
    with django_capture_on_commit_callbacks(execute=True):
        e = actions.request_extension(
            info_request, by=req.officer, days=15, reason="需调取历史档案", on=date(2026, 3, 20)
        )
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(info_request, by=req.officer, category="disclosed", text="予以公开。", on=date(2026, 3, 23))
    assert Todo.objects.get(user=req.reviewer, key=f"request:{e.request_id}:extension:{e.pk}").done_at is not None
