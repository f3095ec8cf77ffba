"""Who may act on a request (承办人 included), the page naming them, and the to-dos of the people who can act."""

from datetime import date

from sunlight.notify.models import Todo
from sunlight.orgs.models import Org, Role
from sunlight.requests import actions, duties
from sunlight.requests.models import InfoRequest

from .builders import MONDAY, registered, third_party


def _department(req) -> Org:
    from sunlight.orgs.codes import make_credit_code

    return Org.objects.create(
        name="青溪区教育局",
        kind=Org.Kind.DEPARTMENT,
        region=req.east_region,
        parent=req.east,
        credit_code=make_credit_code("11", req.east_region.code, "00000077"),
    )


def test_a_handler_of_a_department_can_register_and_answer_its_requests(req):
    dept = _department(req)
    handler = req.add_staff("chengban", dept, Role.HANDLER)
    info_request = actions.register(
        by=handler,
        org=dept,
        applicant=req.applicant,
        channel=InfoRequest.Channel.IN_PERSON,
        received_on=MONDAY,
        description="2025年义务教育招生划片范围",
        format="electronic",
        delivery="email",
    )
    info_request = actions.reply(
        info_request, by=handler, category="disclosed", text="现予以提供。", on=date(2026, 3, 10)
    )
    assert info_request.status == InfoRequest.Status.CLOSED


def test_the_request_page_names_who_can_act_when_the_viewer_cannot(client, req, today):
    info_request = registered(req)
    client.force_login(req.supervisor)  # sees the subtree, acts on nothing
    page = client.get(f"/workbench/requests/{info_request.pk}/").content.decode()
    assert "可以办理的人员" in page and "officer" in page and "信息公开工作人员" in page
    assert "钱管" in page  # the city's admin may act in the subtree too
    client.force_login(req.officer)
    assert "可以办理的人员" not in client.get(f"/workbench/requests/{info_request.pk}/").content.decode()


def test_who_can_act_lists_the_agencys_own_holders_first_and_the_admins_above(req):
    people = duties.who_can_act(req.east)
    assert [m.user.username for m in people][:1] == ["officer"]
    assert {m.user.username for m in people} == {"officer", "cityadmin"}
    assert [u.username for u in duties.recipients(req.east)] == ["officer"]  # to-dos: the agency's own people
    assert [u.username for u in duties.recipients(req.city)] == ["cityadmin"]  # nobody of its own: the admin


def test_a_new_request_is_a_to_do_for_the_handlers_linking_to_its_page(req, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        info_request = registered(req)
    todo = Todo.objects.get(user=req.officer, key=f"request:{info_request.pk}")
    assert "新申请" in todo.title and todo.url == f"/workbench/requests/{info_request.pk}/" and todo.done_at is None
    assert (
        not Todo.objects.filter(user=req.west_officer).exists() and not Todo.objects.filter(user=req.reviewer).exists()
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(info_request, by=req.officer, category="disclosed", text="现予以提供。", on=date(2026, 3, 10))
    assert Todo.objects.get(user=req.officer, key=f"request:{info_request.pk}").done_at is not None


def test_the_nightly_job_raises_due_soon_and_overdue_to_dos_once(req):
    due_soon = registered(req)  # due 2026-03-30
    overdue = registered(req, received_on=date(2026, 2, 2))  # due before 2026-03-27
    later = registered(req, received_on=date(2026, 3, 20))
    assert duties.raise_deadline_todos(today=date(2026, 3, 27)) == 2
    soon = Todo.objects.get(user=req.officer, key=f"request:{due_soon.pk}:soon")
    late = Todo.objects.get(user=req.officer, key=f"request:{overdue.pk}:overdue")
    assert soon.level == "warning" and late.level == "danger" and late.url == f"/workbench/requests/{overdue.pk}/"
    assert not Todo.objects.filter(key__startswith=f"request:{later.pk}:").exists()
    late.done_at = late.created_at
    late.save()
    assert duties.raise_deadline_todos(today=date(2026, 3, 27)) == 0  # idempotent; a done one stays done
    assert Todo.objects.get(pk=late.pk).done_at is not None
    # The day after its deadline, the "due soon" one becomes overdue and the soon one is closed.
    assert duties.raise_deadline_todos(today=date(2026, 3, 31)) == 1
    assert Todo.objects.get(pk=soon.pk).done_at is not None


def test_the_workbench_home_lists_the_to_dos_with_their_links(client, req, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        info_request = registered(req)
    client.force_login(req.officer)
    page = client.get("/workbench/").content.decode()
    assert f'href="/workbench/requests/{info_request.pk}/"' in page and info_request.number in page


def test_a_third_partys_objection_is_a_to_do_for_the_head_who_alone_may_override(
    client, req, today, django_capture_on_commit_callbacks
):
    from sunlight.requests.actions import override_objection, record_answer

    info_request = registered(req)
    c = third_party(req, info_request, on=date(2026, 3, 4))
    with django_capture_on_commit_callbacks(execute=True):
        record_answer(c, by=req.officer, answer="objection", text="涉及商业秘密", on=date(2026, 3, 10))
    todo = Todo.objects.get(user=req.reviewer, key=f"request:{info_request.pk}:objection:{c.pk}")
    assert "第三方不同意公开" in todo.title and not Todo.objects.filter(user=req.officer, key=todo.key).exists()
    client.force_login(req.officer)
    page = client.get(f"/workbench/requests/{info_request.pk}/").content.decode()
    assert "可以作出决定的人员" in page and "reviewer" in page
    with django_capture_on_commit_callbacks(execute=True):
        override_objection(c, by=req.reviewer, reason="关系公共安全", on=date(2026, 3, 11))
    assert Todo.objects.get(pk=todo.pk).done_at is not None
