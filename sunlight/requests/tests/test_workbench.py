"""The staff side in the workbench: the scoped queue, the request page and its acts, registration."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sunlight.events.models import Event
from sunlight.orgs.models import Membership, Role
from sunlight.requests import actions
from sunlight.requests.models import InfoRequest

from .builders import MONDAY, registered

ID = "110105199001010029"


def url(info_request=None, act=""):
    return "/workbench/requests/" if info_request is None else f"/workbench/requests/{info_request.pk}/{act}"


# --- the queue ---------------------------------------------------------------------------------------


def test_the_queue_lists_only_requests_of_my_org(client, req, today):
    mine = registered(req, description="青溪的申请")
    theirs = registered(req, org=req.west, by=req.west_officer, description="云湖的申请")
    client.force_login(req.officer)
    page = client.get(url()).content.decode()
    assert mine.number in page and theirs.number not in page


def test_an_outsider_sees_an_empty_queue_and_is_refused_a_request_page(client, req, today):
    info_request = registered(req)
    client.force_login(req.outsider)
    response = client.get(url())
    assert response.status_code == 200 and info_request.number not in response.content.decode()
    assert client.get(url(info_request)).status_code == 403


def test_a_city_supervisor_sees_both_districts_but_cannot_act(client, req, today):
    east, west = registered(req), registered(req, org=req.west, by=req.west_officer)
    client.force_login(req.supervisor)
    page = client.get(url()).content.decode()
    assert east.number in page and west.number in page
    detail = client.get(url(east))
    assert detail.status_code == 200 and "显示完整信息" not in detail.content.decode()
    assert (
        client.post(url(east, "reply"), {"outcome": "disclosed", "text": "见附件", "on": "2026-03-20"}).status_code
        == 403
    )
    assert client.post(url(east, "reveal")).status_code == 403
    assert InfoRequest.objects.get(pk=east.pk).status == "processing"
    assert not Event.objects.filter(verb="requests.reveal_personal_data").exists()


def test_overdue_and_nearly_due_requests_are_labelled_in_words_not_only_colour(client, req, today):
    late = registered(req, received_on=date(2026, 1, 5), description="早已超期的申请")
    due_soon = registered(req, description="快到期的申请")
    today(date(2026, 3, 26))  # due 2026-03-30: two working days left (27th, 30th)
    client.force_login(req.officer)
    page = client.get(url()).content.decode()
    assert 'class="badge badge-danger">已超期' in page
    assert "即将到期 2 个工作日" in page
    # Default order: by due date, so the overdue one comes first.
    assert page.index(late.number) < page.index(due_soon.number)


def test_the_queue_filters_by_status_deadline_org_and_received_date(client, req, today):
    req.officer.memberships.create(org=req.west, role=Role.DISCLOSURE_OFFICER)
    late = registered(req, received_on=date(2026, 1, 5))
    fresh = registered(req, received_on=date(2026, 3, 19))
    west = registered(req, org=req.west, received_on=MONDAY)
    closed = registered(req, received_on=MONDAY)
    actions.reply(closed, by=req.officer, category="disclosed", text="已公开", on=date(2026, 3, 10))
    client.force_login(req.officer)

    def numbers(query):
        page = client.get(url() + query).content.decode()
        return {info_request.number for info_request in (late, fresh, west, closed) if info_request.number in page}

    assert numbers("?due=overdue") == {late.number}
    assert numbers("?due=open") == {late.number, fresh.number, west.number}
    assert numbers("?status=closed") == {closed.number}
    assert numbers(f"?org={req.west.pk}") == {west.number}
    assert numbers("?received_from=2026-03-01&received_to=2026-03-10") == {west.number, closed.number}
    today(date(2026, 3, 24))  # MONDAY's requests are due 03-30: within 5 working days
    assert numbers("?due=soon") == {west.number}
    # A malformed filter is ignored, not an error page.
    assert client.get(url() + "?received_from=yesterday&org=abc").status_code == 200


def test_the_queue_shows_counts_per_status(client, req, today):
    registered(req)
    correcting = registered(req)
    today(date(2026, 3, 5))
    actions.request_correction(correcting, by=req.officer, items="年份", correct_by=date(2026, 3, 30))
    client.force_login(req.officer)
    page = client.get(url()).content.decode()
    assert "办理中（1）" in page and "待补正（1）" in page and "已办结（0）" in page


def test_the_queue_takes_the_same_number_of_queries_for_30_rows_as_for_3(client, req, today, settings):
    # The calendar's revision check runs every few seconds, so on a busy machine it can fall into either measured
    # page. It is not a per-row query: check now, and not again during this test.
    from sunlight.clock.calendar import get_calendar, invalidate

    settings.CALENDAR_RECHECK_SECONDS = 3600
    invalidate()
    get_calendar()
    client.force_login(req.officer)
    for _ in range(3):
        registered(req)
    client.get(url())  # warm the calendar and the session
    with CaptureQueriesContext(connection) as few:
        assert client.get(url()).status_code == 200
    for _ in range(30):
        registered(req)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url()).content.decode()
    assert page.count("/workbench/requests/") >= 30
    invalidate()  # the next test reads the calendar afresh, on its own schedule
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


# --- the request page ----------------------------------------------------------------------------------


def test_the_request_page_masks_personal_data_and_a_reveal_is_recorded(client, req, today):
    info_request = registered(req)
    client.force_login(req.officer)
    page = client.get(url(info_request)).content.decode()
    assert ID not in page and "13812345678" not in page and "张三" not in page
    assert "110105********0029" in page and "138****5678" in page and "张**" in page
    assert "截止日为 2026-03-30" in page  # the clock explains itself
    revealed = client.post(url(info_request, "reveal"))
    body = revealed.content.decode()
    assert revealed.status_code == 200 and ID in body and "13812345678" in body and "zhang@example.cn" in body
    assert "no-store" in revealed["Cache-Control"]
    event = Event.objects.get(verb="requests.reveal_personal_data", object_id=str(info_request.pk))
    assert event.actor == req.officer and event.org == req.east
    # Once: the next view is masked again, and shows the reveal on the timeline.
    again = client.get(url(info_request)).content.decode()
    assert ID not in again and "查看申请人完整信息" in again and "requests.reveal_personal_data" not in again


def test_a_correction_notice_and_the_corrected_request_through_the_page(client, req, today):
    info_request = registered(req)
    today(date(2026, 3, 5))  # within 7 working days of receipt
    client.force_login(req.officer)
    response = client.post(
        url(info_request, "correction"), {"items": "请说明所需信息的年份", "correct_by": "2026-04-03"}
    )
    assert response.status_code == 302
    info_request.refresh_from_db()
    assert info_request.status == "correcting" and info_request.due_on is None and info_request.corrections == 1
    page = client.get(url(info_request)).content.decode()
    assert (
        url(info_request, "correction/received") in page and f'action="{url(info_request, "correction")}"' not in page
    )
    today(date(2026, 3, 24))
    assert client.post(url(info_request, "correction/received"), {"on": "2026-03-23"}).status_code == 302
    info_request.refresh_from_db()
    assert info_request.status == "processing" and info_request.due_on == date(
        2026, 4, 21
    )  # 20 working days from 03-23 (清明 04-06)


def test_a_correction_after_7_working_days_is_refused_with_the_reason_and_changes_nothing(client, req, today):
    info_request = registered(req)  # received 03-02; today 03-20 is the 14th working day after
    client.force_login(req.officer)
    response = client.post(url(info_request, "correction"), {"items": "请说明年份", "correct_by": "2026-04-03"})
    assert response.status_code == 400 and "7个工作日" in response.content.decode()
    assert "请说明年份" in response.content.decode()  # what was typed is kept
    info_request.refresh_from_db()
    assert info_request.status == "processing" and info_request.corrections == 0
    assert not Event.objects.filter(verb="requests.correction_notice").exists()


def test_an_extension_through_the_page_is_asked_by_the_handler_and_approved_by_the_approver(client, req, today):
    info_request = registered(req)
    client.force_login(req.officer)
    page = client.get(url(info_request)).content.decode()
    assert 'name="approved_by"' not in page  # the handler no longer picks the approver
    response = client.post(url(info_request, "extend"), {"days": "20", "reason": "需调取档案"})
    assert response.status_code == 302
    info_request.refresh_from_db()
    assert info_request.extended_days == 0 and info_request.due_on == date(
        2026, 3, 30
    )  # nothing moves before the approval
    assert (
        client.post(url(info_request, "extension/decision"), {"decision": "approve"}).status_code == 403
    )  # not the handler's act
    client.force_login(req.reviewer)
    assert "审批延期申请" in client.get(url(info_request)).content.decode()
    response = client.post(url(info_request, "extension/decision"), {"decision": "approve"})
    assert response.status_code == 302
    info_request.refresh_from_db()
    assert info_request.extended_days == 20 and info_request.due_on == date(2026, 4, 28)
    assert Event.objects.get(verb="requests.extend").data["approved_by"] == "reviewer"
    assert Event.objects.get(verb="requests.extension_approved").actor_id == req.reviewer.pk


def test_a_reply_through_the_page_closes_the_request(client, req, today):
    info_request = registered(req)
    client.force_login(req.officer)
    page = client.get(url(info_request)).content.decode()
    assert "（三）不予公开" in page and 'value="withheld:1"' in page  # grouped, with the printed names
    response = client.post(
        url(info_request, "reply"), {"outcome": "withheld:1", "text": "属于国家秘密，不予公开。", "on": "2026-03-18"}
    )
    assert response.status_code == 302
    info_request.refresh_from_db()
    assert (
        info_request.status == "closed"
        and info_request.outcome.category == "withheld"
        and info_request.outcome.number == 1
    )
    assert info_request.replied_on == date(2026, 3, 18)
    closed_page = client.get(url(info_request)).content.decode()
    assert url(info_request, "reply") not in closed_page and "已办结" in closed_page


def test_a_reply_with_an_outcome_outside_the_law_is_refused_and_changes_nothing(client, req, today):
    info_request = registered(req)
    client.force_login(req.officer)
    for outcome in ("withheld:99", "granted", "withheld", "disclosed:1"):
        response = client.post(url(info_request, "reply"), {"outcome": outcome, "text": "答复", "on": "2026-03-18"})
        assert response.status_code == 400 and "不在法定范围内" in response.content.decode(), outcome
    info_request.refresh_from_db()
    assert info_request.status == "processing" and info_request.outcome is None
    assert not Event.objects.filter(verb="requests.reply").exists()


def test_an_officer_of_another_district_is_refused_every_act(client, req, today):
    info_request = registered(req)
    client.force_login(req.west_officer)
    for act, data in [
        ("correction", {"items": "x", "correct_by": "2026-04-01"}),
        ("correction/received", {"on": "2026-03-19"}),
        ("extend", {"days": "5", "reason": "x"}),
        ("extension/decision", {"decision": "approve"}),
        ("reply", {"outcome": "disclosed", "text": "x", "on": "2026-03-19"}),
        ("reveal", {}),
    ]:
        assert client.post(url(info_request, act), data).status_code == 403, act
    assert InfoRequest.objects.get(pk=info_request.pk).status == "processing"


# --- registration --------------------------------------------------------------------------------------


def registration(req, **extra):
    data = {
        "org": req.east.pk,
        "channel": "registered_post",
        "received_on": "2026-03-16",
        "applicant_type": req.person.pk,
        "applicant_name": "李四",
        "id_number": ID,
        "phone": "13900001111",
        "email": "",
        "address": "云川市青溪区民主路2号",
        "description": "2025年度道路维修项目清单",
        "format": "paper",
        "delivery": "post",
    }
    data.update(extra)
    return data


def test_a_request_registered_through_the_form_starts_its_clock(client, req, today):
    client.force_login(req.officer)
    page = client.get(url() + "new").content.decode()
    assert "挂号邮寄为签收之日" in page  # Art. 31 help
    assert '<option value="online"' not in page  # online requests come through the portal
    org_select = page.split('name="org"')[1].split("</select>")[0]
    assert req.east.name in org_select and req.west.name not in org_select  # only orgs where I handle requests
    response = client.post(url() + "new", registration(req))
    info_request = InfoRequest.objects.get(applicant_name="李四")
    assert response.status_code == 302 and response["Location"] == url(info_request)
    assert (
        info_request.channel == "registered_post"
        and info_request.received_on == date(2026, 3, 16)
        and info_request.id_number == ID
    )
    assert info_request.due_on == date(2026, 4, 14)
    assert Event.objects.filter(verb="requests.register", object_id=str(info_request.pk), actor=req.officer).exists()


def test_registration_refuses_another_org_a_future_date_and_the_online_channel(client, req, today):
    client.force_login(req.officer)
    for bad in ({"org": req.west.pk}, {"channel": "online"}, {"received_on": "2026-03-21"}):
        response = client.post(url() + "new", registration(req, **bad))
        assert response.status_code == 400, bad
    assert not InfoRequest.objects.exists()


def test_registration_is_refused_to_staff_without_a_handler_role(client, req, today):
    client.force_login(req.supervisor)
    assert client.get(url() + "new").status_code == 403


# --- who may come in at all ---------------------------------------------------------------------------


def test_a_citizen_and_an_anonymous_visitor_are_kept_out_of_every_staff_url(client, req, today):
    info_request = registered(req)
    urls = [url(), url() + "new", url(info_request)]
    acts = [url(info_request, a) for a in ("reveal", "correction", "correction/received", "extend", "reply")]
    for u in urls + acts:
        assert "/workbench/login" in client.get(u)["Location"], u
    client.force_login(req.citizen)
    for u in urls:
        assert client.get(u).status_code == 403, u
    for u in acts:
        assert client.post(u, {}).status_code == 403, u
    assert not Event.objects.filter(verb="requests.reveal_personal_data").exists()


def test_an_admin_of_the_city_may_act_on_a_district_request(client, req, today):
    info_request = registered(req)
    Membership.objects.filter(user=req.admin).update(role=Role.ADMIN)
    client.force_login(req.admin)
    assert client.post(url(info_request, "reveal")).status_code == 200


def test_the_request_page_with_all_its_act_forms_has_unique_ids_and_every_label_points_at_its_own_field(
    client, req, today
):
    import re
    from collections import Counter

    info_request = registered(req)
    client.force_login(req.officer)
    page = client.get(f"/workbench/requests/{info_request.pk}/").content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    assert "reply_on" in ids and "fee_on" in ids and "consult_on" in ids  # several date fields named "on"
    assert [i for i, n in ids.items() if n > 1] == []
    assert all(target in ids for target in re.findall(r'<label for="([^"]+)"', page))


def test_the_correction_form_is_offered_only_within_seven_working_days_of_receipt(client, req, today):
    info_request = registered(req)  # received Monday 2026-03-02
    client.force_login(req.officer)
    today(date(2026, 3, 11))  # the 7th working day
    assert "填写补正告知" in client.get(f"/workbench/requests/{info_request.pk}/").content.decode()
    today(date(2026, 3, 12))  # the 8th: Art. 30 no longer allows it
    assert "填写补正告知" not in client.get(f"/workbench/requests/{info_request.pk}/").content.decode()


def test_every_tab_pages_exactly_the_rows_it_counts(client, req, today):
    # The list reuses the tab counts for its paginator: each tab must still list exactly its own rows.
    registered(req, received_on=date(2026, 1, 5), description="早已超期")
    registered(req, description="快到期")
    registered(req, received_on=date(2026, 3, 20), description="刚收到")
    correcting = registered(req, description="待补正")
    actions.request_correction(
        correcting, by=req.officer, items="请说明年份", correct_by=date(2026, 4, 3), on=date(2026, 3, 4)
    )
    closed = registered(req, description="已答复")
    actions.reply(closed, by=req.officer, category="disclosed", text="见附件", on=date(2026, 3, 10))
    today(date(2026, 3, 26))
    client.force_login(req.officer)
    expected = {
        "": 5,
        "?due=open": 4,
        "?due=overdue": 1,
        "?due=soon": 1,
        "?status=correcting": 1,
        "?status=closed": 1,
        "?status=processing&due=overdue": 1,
        "?sort=received": 5,
    }
    for query, n in expected.items():
        page = client.get(url() + query).context["page"]
        assert page.paginator.count == n and len(page.object_list) == n, query
