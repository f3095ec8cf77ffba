"""/api/v1/projects: the approval system pushes a project and its stages and pulls their progress with a lead-window
clerk's token; the window accepts, asks and delivers through the acts endpoint; owners read their own projects
with forecast and timeline; the public reads a city's distribution. Outsiders get nothing and write nothing."""

from __future__ import annotations

import pytest

from sunlight.accounts.models import ApiToken
from sunlight.cases.models import Case
from sunlight.cases.tests.builders import pdf
from sunlight.orgs.codes import make_credit_code
from sunlight.projects.models import Project, StageApplication, StageCase

API = "/api/v1/projects"


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 'approval system')[1]}"}


@pytest.fixture
def window(works):
    return bearer(works.window)


def project_body(works, **fields) -> dict:
    return {
        "pathway_id": works.pathway.pk,
        "external_ref": "GCJS-2026-000815",
        "name": "云川市第三中学新校区",
        "project_type": "government",
        "location": "云川市青溪区学府路 1 号",
        "investment": "38000.50",
        "owner_name": "云川市教育局",
        "owner_credit_code": make_credit_code("11", "990100", "00000602"),
        **fields,
    }


def push_stage(client, works, project, headers, *, ref="GCJS-STAGE-0001", files=None, **fields):
    count = len(works.materials(works.permit, project, fields.get("optional_items_list")))
    fields.pop("optional_items_list", None)
    files = files if files is not None else {f"m{i}": pdf(f"材料{i}.pdf") for i in range(count)}
    return client.post(
        f"{API}/platform/projects/{project.code}/stages/{works.permit.pk}",
        {"external_ref": ref, "form_data": '{"建设规模": "2 万平方米"}', **fields, **files},
        **headers,
    )


def accept(client, application_id, headers):
    return client.post(
        f"{API}/staff/stages/{application_id}/acts/accept", {}, content_type="application/json", **headers
    )


def test_a_project_pushed_twice_with_the_same_reference_is_registered_once(client, works, window):
    body = project_body(works)
    first = client.post(f"{API}/platform/projects", body, content_type="application/json", **window)
    assert first.status_code == 201, first.json()
    again = client.post(f"{API}/platform/projects", body, content_type="application/json", **window)
    assert again.status_code == 200 and again.json()["code"] == first.json()["code"]
    assert Project.objects.filter(external_ref="GCJS-2026-000815").count() == 1
    assert first.json()["investment"] == "38000.50" and first.json()["stages"] == []


def test_a_pushed_project_with_bad_input_is_a_4xx_with_a_chinese_message(client, works, window):
    bad_type = client.post(
        f"{API}/platform/projects",
        project_body(works, project_type="palace"),
        content_type="application/json",
        **window,
    )
    assert bad_type.status_code == 400 and "项目类型" in bad_type.json()["message"]
    bad_credit = client.post(
        f"{API}/platform/projects",
        project_body(works, owner_credit_code="123"),
        content_type="application/json",
        **window,
    )
    assert bad_credit.status_code == 400 and "统一社会信用代码" in bad_credit.json()["message"]
    nan = client.post(
        f"{API}/platform/projects", project_body(works, investment="NaN"), content_type="application/json", **window
    )
    assert nan.status_code == 422
    assert not Project.objects.filter(external_ref="GCJS-2026-000815").exists()


def test_a_pushed_stage_accepted_through_the_acts_endpoint_opens_a_case_per_department(client, works, window):
    project = works.at_permit()
    pushed = push_stage(client, works, project, window)
    assert pushed.status_code == 201, pushed.json()
    body = pushed.json()
    assert body["status"] == "submitted" and body["children"] == [] and body["form_data"] == {"建设规模": "2 万平方米"}
    assert {m["provision"] for m in body["materials"]} == {"uploaded"}
    retried = push_stage(client, works, project, window)
    assert retried.status_code == 200 and retried.json()["id"] == body["id"]

    accepted = accept(client, body["id"], window)
    assert accepted.status_code == 200, accepted.json()
    children = accepted.json()["children"]
    assert len(children) == 3 and {c["status"] for c in children} == {"handling"}
    assert {c["org"] for c in children} == {works.depts[k].name for k in ("build", "land", "dev")}

    pulled = client.get(f"{API}/platform/projects/{project.code}", **window)
    assert pulled.status_code == 200
    permit = next(s for s in pulled.json()["stages"] if s["stage_id"] == works.permit.pk)
    assert permit["status"] == "accepted" and permit["due_on"] is not None
    assert all(c["accepted_on"] == permit["accepted_on"] and c["due_on"] for c in permit["children"])


def test_a_stage_accepted_twice_is_refused_with_409_and_nothing_added(client, works, window):
    application = works.filed(works.at_permit())
    assert accept(client, application.pk, window).status_code == 200
    again = accept(client, application.pk, window)
    assert again.status_code == 409 and again.json()["error"] == "already_accepted"
    assert "不能再次受理" in again.json()["message"]
    assert StageCase.objects.filter(application=application).count() == 3


def test_an_optional_item_not_in_the_stage_is_refused_with_nothing_written(client, works, window):
    project = works.at_permit()
    stranger = works.items["env"].pk + 10_000
    answer = push_stage(client, works, project, window, optional_items=f"{works.items['env'].pk},{stranger}")
    assert answer.status_code == 400 and answer.json()["error"] == "item_not_in_stage"
    assert str(stranger) in answer.json()["message"] and "不在" in answer.json()["message"]
    assert not project.applications.filter(stage=works.permit).exists()


def test_a_stage_pushed_with_a_form_that_is_not_a_json_object_is_refused(client, works, window):
    project = works.at_permit()
    answer = client.post(
        f"{API}/platform/projects/{project.code}/stages/{works.permit.pk}",
        {"external_ref": "X-1", "form_data": "[1, 2"},
        **window,
    )
    assert answer.status_code == 400 and "JSON" in answer.json()["message"]
    strange_file = push_stage(client, works, project, window, files={"file0": pdf("a.pdf")})
    assert strange_file.status_code == 400 and strange_file.json()["error"] == "bad_material"
    assert not project.applications.filter(stage=works.permit).exists()


def test_delivering_with_an_undecided_required_case_is_refused_with_409_and_nothing_delivered(client, works, window):
    application = works.accepted(works.at_permit())
    works.decide(application.children.get(case__org=works.depts["build"]).case)
    answer = client.post(
        f"{API}/staff/stages/{application.pk}/acts/deliver",
        {"method": "窗口领取"},
        content_type="application/json",
        **window,
    )
    assert answer.status_code == 409 and answer.json()["error"] == "children_undecided"
    assert "尚未作出决定" in answer.json()["message"]
    application.refresh_from_db()
    assert application.status == StageApplication.Status.ACCEPTED
    assert not Case.objects.filter(stage_link__application=application, status=Case.Status.DELIVERED).exists()


def test_departments_exchange_opinions_and_the_window_delivers_through_the_acts_endpoint(client, works, window):
    application = works.accepted(works.at_permit())
    build, land = works.depts["build"], works.depts["land"]
    asked = client.post(
        f"{API}/staff/stages/{application.pk}/acts/ask",
        {"from_org": build.pk, "to_org": land.pk, "question": "用地红线是否与规划条件一致？", "days": 3},
        content_type="application/json",
        **bearer(works.handlers["build"]),
    )
    assert asked.status_code == 200, asked.json()
    consultation = asked.json()["consultations"][0]
    answered = client.post(
        f"{API}/staff/stages/{application.pk}/acts/answer",
        {"consultation": consultation["id"], "answer": "一致。"},
        content_type="application/json",
        **bearer(works.handlers["land"]),
    )
    assert answered.status_code == 200 and answered.json()["consultations"][0]["answer"] == "一致。"
    works.decide_all(application)
    delivered = client.post(
        f"{API}/staff/stages/{application.pk}/acts/deliver", {}, content_type="application/json", **window
    )
    assert delivered.status_code == 200 and delivered.json()["status"] == "delivered"
    assert {c["status"] for c in delivered.json()["children"]} == {"delivered"}


def test_the_window_delivers_a_late_optional_item_through_the_acts_endpoint(client, works, window):
    application = works.accepted(works.at_permit(), optional_items=[works.items["env"].pk])
    optional = application.children.get(required=False).case
    for link in application.children.filter(required=True).select_related("case"):
        works.decide(link.case)
    url = f"{API}/staff/stages/{application.pk}/acts"
    assert client.post(f"{url}/deliver", {}, content_type="application/json", **window).status_code == 200
    early = client.post(f"{url}/deliver_late", {"case": optional.pk}, content_type="application/json", **window)
    assert early.status_code == 409 and early.json()["error"] == "case_undecided"
    stranger = client.post(f"{url}/deliver_late", {"case": 999999}, content_type="application/json", **window)
    assert stranger.status_code == 404
    works.decide(optional)
    late = client.post(
        f"{url}/deliver_late", {"case": optional.pk, "method": "电子送达"}, content_type="application/json", **window
    )
    assert late.status_code == 200 and {c["status"] for c in late.json()["children"]} == {"delivered"}
    outsider = client.post(
        f"{url}/deliver_late", {"case": optional.pk}, content_type="application/json", **bearer(works.cast.outsider)
    )
    assert outsider.status_code in (403, 404)


def test_an_unknown_act_or_delivery_method_is_refused(client, works, window):
    application = works.accepted(works.at_permit())
    url = f"{API}/staff/stages/{application.pk}/acts"
    assert client.post(f"{url}/approve", {}, content_type="application/json", **window).status_code == 404
    bad = client.post(f"{url}/deliver", {"method": "飞鸽传书"}, content_type="application/json", **window)
    assert bad.status_code == 400 and "送达方式" in bad.json()["message"]


def test_the_staff_list_shows_the_windows_stages_and_filters_them(client, works, window):
    project = works.at_permit()
    works.filed(project)
    listed = client.get(f"{API}/staff/stages", {"status": "submitted"}, **window).json()
    assert listed["count"] == 1 and listed["items"][0]["project_code"] == project.code
    assert client.get(f"{API}/staff/stages", {"status": "delivered"}, **window).json()["count"] == 2
    assert client.get(f"{API}/staff/stages", {"stage": works.permit.pk}, **window).json()["count"] == 1
    bad = client.get(f"{API}/staff/stages", {"status": "nope"}, **window)
    assert bad.status_code == 400 and "状态" in bad.json()["message"]


def test_an_outsider_sees_no_project_and_acting_writes_nothing(client, works):
    outsider = bearer(works.cast.outsider)
    project = works.at_permit()
    application = works.filed(project)
    assert client.get(f"{API}/platform/projects/{project.code}", **outsider).status_code == 404
    assert client.get(f"{API}/staff/stages", **outsider).json()["count"] == 0
    assert client.get(f"{API}/staff/stages/{application.pk}", **outsider).status_code == 404
    assert accept(client, application.pk, outsider).status_code == 404
    refused = client.post(
        f"{API}/staff/stages/{application.pk}/acts/refuse",
        {"reason": "材料不全"},
        content_type="application/json",
        **outsider,
    )
    assert refused.status_code == 404
    assert push_stage(client, works, project, outsider, ref="OUT-1").status_code == 404
    pushed = client.post(f"{API}/platform/projects", project_body(works), content_type="application/json", **outsider)
    assert pushed.status_code == 403
    application.refresh_from_db()
    assert application.status == StageApplication.Status.SUBMITTED
    assert not StageCase.objects.filter(application=application).exists()
    assert not Project.objects.filter(external_ref="GCJS-2026-000815").exists()


def test_an_approver_who_may_see_the_stage_may_not_accept_it(client, works):
    application = works.filed(works.at_permit())
    env = bearer(works.approvers["build"])  # its department leads the stage, but an approver accepts nothing
    answer = accept(client, application.pk, env)
    assert answer.status_code == 403 and "统一受理" in answer.json()["message"]
    assert not StageCase.objects.filter(application=application).exists()


def test_the_owner_reads_their_project_with_forecast_and_timeline_and_not_anothers(client, works):
    project = works.at_permit()
    works.accepted(project)
    client.force_login(works.owner)
    mine = client.get(f"{API}/mine")
    assert mine.status_code == 200 and [p["code"] for p in mine.json()] == [project.code]
    one = client.get(f"{API}/mine/{project.code}")
    assert one.status_code == 200
    body = one.json()
    assert [s["status"] for s in body["forecast"]["stages"]] == ["done", "done", "current", "waiting"]
    assert body["forecast"]["expected_median"] is not None
    assert len(body["timeline"]["stages"]) == 3 and body["timeline"]["working_days"] >= 0
    assert len(body["stages"][2]["children"]) == 3
    client.force_login(works.other_owner)
    assert client.get(f"{API}/mine/{project.code}").status_code == 404
    assert client.get(f"{API}/mine").json() == []


def test_owner_endpoints_ask_anonymous_visitors_to_sign_in_and_refuse_staff(client, works):
    project = works.project()
    assert client.get(f"{API}/mine/{project.code}").status_code == 401
    client.force_login(works.window)
    assert client.get(f"{API}/mine").status_code == 403


def test_the_citys_distribution_has_each_type_the_bins_and_the_baselines(client, works):
    project = works.at_permit()
    for stage in works.stages[2:]:
        works.delivered(project, stage)
    project.refresh_from_db()
    answer = client.get(f"{API}/cities/{works.cast.city.pk}/distribution")
    assert answer.status_code == 200
    body = answer.json()
    assert body["completed"] == 1 and body["city"] == works.cast.city.name
    assert body["baselines"] == {"before": 135, "after": 36, "national": 120}
    assert [t["project_type"] for t in body["types"]] == ["government", "social", "small", "linear"]
    social = next(t for t in body["types"] if t["project_type"] == "social")
    assert social["count"] == 1 and social["median"] == project.total_days and social["within_target"] == 1
    assert len(body["bins"]) == 135 // 10 + 1
    assert all(len(counts) == len(body["bins"]) for counts in body["counts"].values())
    assert sum(body["counts"]["social"]) == 1


def test_a_place_without_a_pathway_has_no_distribution(client, works):
    assert client.get(f"{API}/cities/{works.cast.west.pk}/distribution").status_code == 404
    assert client.get(f"{API}/cities/999999999/distribution").status_code == 404
