"""The staff pages of parallel approval: the queue, a stage with its departments' cases and what blocks it, the
acts as small forms (refusals in place with their status), a project's timeline, the city's pathways and the
construction window registering and filing for a walk-in owner; everyone outside the stage is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sunlight.cases import actions as case_actions
from sunlight.cases.models import Case
from sunlight.orgs.codes import make_credit_code
from sunlight.orgs.models import Role
from sunlight.projects import actions
from sunlight.projects.models import Consultation, Pathway, Project, StageApplication, StageCase, StageItem

pytestmark = pytest.mark.django_db


def _stage_url(application) -> str:
    return reverse("projects_wb:stage", args=[application.pk])


def _act_url(application, name: str) -> str:
    return reverse("projects_wb:act", args=[application.pk, name])


def test_the_lead_window_accepts_a_stage_on_its_page_and_every_departments_case_opens(client, works):
    application = works.filed(works.at_permit())
    client.force_login(works.window)
    page = client.get(_stage_url(application)).content.decode()
    assert "统一受理" in page and "不予受理" in page
    done = client.post(_act_url(application, "accept"))
    assert done.status_code == 302 and done["Location"] == _stage_url(application)
    application.refresh_from_db()
    assert application.status == StageApplication.Status.ACCEPTED
    assert StageCase.objects.filter(application=application).count() == 3
    page = client.get(done["Location"]).content.decode()
    assert "已统一受理" in page and "谁在阻塞" in page
    for link in application.children.select_related("case"):
        assert reverse("cases_wb:detail", args=[link.case.pk]) in page


def test_a_second_acceptance_is_refused_in_place_with_409_and_nothing_added(client, works):
    application = works.accepted(works.at_permit())
    client.force_login(works.window)
    again = client.post(_act_url(application, "accept"))
    assert again.status_code == 409
    page = again.content.decode()
    assert "不能再次受理" in page and "出现以下问题" in page and "data-error-summary" in page
    assert StageCase.objects.filter(application=application).count() == 3


def test_delivering_with_an_undecided_case_is_refused_with_409_and_the_blocking_list(client, works):
    application = works.accepted(works.at_permit())
    works.decide(application.children.get(case__org=works.depts["build"]).case)
    land = application.children.get(case__org=works.depts["land"]).case
    client.force_login(works.window)
    refused = client.post(_act_url(application, "deliver"), {"method": "窗口领取"})
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "不能统一出件" in page and "出现以下问题" in page
    blocking = page.split("谁在阻塞", 1)[1].split("</section>", 1)[0]
    assert land.item.name in blocking and works.items["build"].name not in blocking
    application.refresh_from_db()
    assert application.status == StageApplication.Status.ACCEPTED
    assert not Case.objects.filter(stage_link__application=application, status=Case.Status.DELIVERED).exists()


def test_the_stage_is_delivered_from_its_page_once_every_required_case_is_decided(client, works):
    application = works.accepted(works.at_permit())
    works.decide_all(application)
    client.force_login(works.window)
    listed = client.get(reverse("projects_wb:list") + "?status=ready").content.decode()
    assert application.number in listed and "待统一出件" in listed
    assert application.number not in client.get(reverse("projects_wb:list") + "?status=running").content.decode()
    done = client.post(_act_url(application, "deliver"), {"method": "窗口领取"})
    assert done.status_code == 302
    application.refresh_from_db()
    assert application.status == StageApplication.Status.DELIVERED and application.delivery_method == "窗口领取"


def test_the_stage_view_lists_a_correcting_case_as_blocking_and_why(client, works):
    application = works.accepted(works.at_permit())
    land = application.children.get(case__org=works.depts["land"]).case
    case_actions.request_correction(land, by=works.handlers["land"], defects=["规划总平面图缺少指北针"])
    client.force_login(works.window)
    page = client.get(_stage_url(application)).content.decode()
    blocking = page.split("谁在阻塞", 1)[1].split("</section>", 1)[0]
    assert land.item.name in blocking and "等待申请人补正" in blocking
    assert "待补正" in page  # the case's own status in the departments' table


def test_the_queue_lists_the_stages_by_deadline_with_their_clock(client, works):
    first = works.accepted(works.at_permit())
    second = works.filed(works.at_permit(works.project(name="云川科创园二期")))
    client.force_login(works.window)
    page = client.get(reverse("projects_wb:list")).content.decode()
    assert first.number in page and second.number in page
    assert page.index(second.number) < page.index(first.number)  # not yet accepted: no stage deadline, first
    assert "正常" in page  # the stage clock's light
    submitted = client.get(reverse("projects_wb:list") + "?status=submitted").content.decode()
    assert second.number in submitted and first.number not in submitted
    typed = client.get(reverse("projects_wb:list") + "?type=government").content.decode()
    assert first.number not in typed


def test_a_department_handler_sees_the_stage_in_which_their_org_has_a_case(client, works):
    application = works.accepted(works.at_permit())
    land = application.children.get(case__org=works.depts["land"]).case
    client.force_login(works.handlers["land"])
    assert application.number in client.get(reverse("projects_wb:list")).content.decode()
    page = client.get(_stage_url(application))
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("cases_wb:detail", args=[land.pk]) in html
    assert "征求意见" in html  # a department of the stage may ask another for its opinion
    assert client.post(_act_url(application, "deliver"), {"method": "窗口领取"}).status_code == 403
    # On the cases workbench the department may ask the owner to correct its own case (only that case pauses).
    assert "一次性告知补正" in client.get(reverse("cases_wb:detail", args=[land.pk])).content.decode()
    # 生态环境 has no case in this stage (its item is optional and was not chosen): the stage is not theirs.
    client.force_login(works.handlers["env"])
    assert client.get(_stage_url(application)).status_code == 404


def test_departments_ask_and_answer_opinions_on_the_stage_page(client, works):
    application = works.accepted(works.at_permit())
    client.force_login(works.handlers["build"])
    asked = client.post(
        _act_url(application, "ask"),
        {
            "from_org": works.depts["build"].pk,
            "to_org": works.depts["land"].pk,
            "question": "用地红线与规划条件是否一致？",
            "days": "3",
        },
    )
    assert asked.status_code == 302
    consultation = Consultation.objects.get(application=application)
    too_long = client.post(
        _act_url(application, "ask"),
        {"from_org": works.depts["build"].pk, "to_org": works.depts["land"].pk, "question": "？", "days": "99"},
    )
    assert too_long.status_code == 400 and "答复时限" in too_long.content.decode()
    client.force_login(works.handlers["land"])
    url = reverse("projects_wb:answer", args=[application.pk, consultation.pk])
    assert client.post(url, {f"c{consultation.pk}-answer": "一致。"}).status_code == 302
    consultation.refresh_from_db()
    assert consultation.answer == "一致。"
    again = client.post(url, {f"c{consultation.pk}-answer": "再答一次"})
    assert again.status_code == 409 and "已经答复" in again.content.decode()


def test_the_joint_review_is_recorded_with_every_departments_opinion(client, works):
    project = works.project()
    works.delivered(project, works.stages[0])
    application = works.accepted(project, works.stages[1])
    client.force_login(works.handlers["land"])
    missing = client.post(_act_url(application, "joint_review"), {"conclusion": "通过", "passed": "1"})
    assert missing.status_code == 400 and StageApplication.objects.get(pk=application.pk).joint_review is None
    lead = works.depts["land"].pk
    done = client.post(
        _act_url(application, "joint_review"), {"conclusion": "通过", "passed": "1", f"opinion_{lead}": "同意。"}
    )
    assert done.status_code == 302
    application = StageApplication.objects.get(pk=application.pk)
    assert application.joint_review.passed and "同意。" in client.get(_stage_url(application)).content.decode()


def test_after_a_failed_joint_review_the_page_says_so_and_offers_the_review_again(client, works):
    project = works.project()
    works.delivered(project, works.stages[0])
    application = works.accepted(project, works.stages[1])
    works.decide_all(application)
    works.joint_review(application, passed=False)
    client.force_login(works.handlers["land"])
    page = client.get(_stage_url(application)).content.decode()
    assert "未通过，须整改后重新联审" in page and "须整改" in page and 'name="conclusion"' in page
    lead = works.depts["land"].pk
    done = client.post(
        _act_url(application, "joint_review"),
        {"conclusion": "整改后复审通过", "passed": "1", f"opinion_{lead}": "已整改，同意。"},
    )
    assert done.status_code == 302
    page = client.get(_stage_url(application)).content.decode()
    assert "第 2 次" in page and "第 1 次" in page and "整改后复审通过" in page
    assert "未通过，须整改后重新联审" not in page


def test_the_window_delivers_an_optional_item_decided_after_its_stage_went_out(client, works):
    project = works.at_permit()
    application = works.accepted(project, optional_items=[works.items["env"].pk])
    optional = application.children.get(required=False).case
    for link in application.children.filter(required=True).select_related("case"):
        works.decide(link.case)
    actions.deliver_stage(application, by=works.window, method="窗口领取")
    client.force_login(works.window)
    late_url = _act_url(application, "deliver_late")
    assert late_url not in client.get(_stage_url(application)).content.decode()
    works.decide(optional)
    page = client.get(_stage_url(application)).content.decode()
    assert late_url in page and "补充出件" in page and optional.number in page
    done = client.post(_act_url(application, "deliver_late"), {"case": optional.pk, "method": "邮寄送达"})
    assert done.status_code == 302 and done["Location"] == _stage_url(application)
    assert Case.objects.get(pk=optional.pk).status == Case.Status.DELIVERED
    assert (
        "补充出件"
        not in client.get(_stage_url(application)).content.decode().split("<main")[-1].split("已补充出件")[-1]
    )


def test_the_project_page_shows_every_stage_and_the_timeline_as_a_table(client, works):
    project = works.at_permit()
    application = works.accepted(project)
    client.force_login(works.window)
    page = client.get(reverse("projects_wb:project", args=[project.code]))
    assert page.status_code == 200
    html = page.content.decode()
    for stage in works.stages:
        assert stage.name in html
    assert application.number in html and "关键路径" in html and "预计完成" in html


def test_outsiders_are_refused_every_page_and_every_act_and_nothing_is_written(client, works):
    project = works.at_permit()
    application = works.accepted(project)
    filed = works.filed(works.at_permit(works.project(name="云川科创园二期")))
    consultation = actions.ask_opinion(
        application,
        by=works.handlers["build"],
        from_org=works.depts["build"],
        to_org=works.depts["land"],
        question="？",
        days_allowed=3,
    )
    material = application.materials.first()
    west = works.cast.add_staff("westhandler", works.cast.west, Role.HANDLER)
    pages = [
        _stage_url(application),
        reverse("projects_wb:project", args=[project.code]),
        reverse("projects_wb:material", args=[application.pk, material.pk]),
        reverse("projects_wb:file", args=[project.code, works.stages[3].pk]),
    ]
    posts = {
        _act_url(filed, "accept"): {},
        _act_url(filed, "refuse"): {"reason": "材料不全"},
        _act_url(application, "deliver"): {"method": "窗口领取"},
        _act_url(application, "deliver_late"): {"case": 1, "method": "窗口领取"},
        _act_url(application, "ask"): {"from_org": works.depts["build"].pk, "to_org": works.depts["land"].pk},
        _act_url(application, "joint_review"): {"conclusion": "通过", "passed": "1"},
        reverse("projects_wb:answer", args=[application.pk, consultation.pk]): {f"c{consultation.pk}-answer": "好"},
        reverse("projects_wb:stage_item", args=[works.permit.pk]): {
            f"s{works.permit.pk}-item": works.items["env"].pk,
            f"s{works.permit.pk}-requirement": "required",
        },
    }
    for outsider in (works.cast.outsider, west):
        client.force_login(outsider)
        listed = client.get(reverse("projects_wb:list"))
        assert listed.status_code == 200 and application.number not in listed.content.decode()
        for url in pages:
            assert client.get(url).status_code == 404, url
        assert client.get(reverse("projects_wb:pathways")).status_code == 403
        assert client.get(reverse("projects_wb:register")).status_code == 403
        assert (
            client.post(reverse("projects_wb:install"), {"city": works.cast.city.pk, "preset": "xinyu5"}).status_code
            == 403
        )
        for url, data in posts.items():
            assert client.post(url, data).status_code in (403, 404), url
    filed.refresh_from_db()
    application.refresh_from_db()
    consultation.refresh_from_db()
    assert filed.status == StageApplication.Status.SUBMITTED and not filed.children.exists()
    assert application.status == StageApplication.Status.ACCEPTED
    assert consultation.answered_on is None and Pathway.objects.count() == 1
    assert not StageItem.objects.filter(stage=works.permit, requirement="required", item=works.items["env"]).exists()
    client.force_login(works.cast.citizen)
    assert client.get(_stage_url(application)).status_code in (302, 403)


def test_the_city_admin_installs_the_xinyu5_preset(client, works):
    client.force_login(works.cast.admin)
    page = client.get(reverse("projects_wb:pathways"))
    assert page.status_code == 200 and "新余五阶段" in page.content.decode()
    done = client.post(reverse("projects_wb:install"), {"city": works.cast.city.pk, "preset": "xinyu5"})
    assert done.status_code == 302
    pathway = Pathway.objects.get(preset="xinyu5")
    assert [s.name for s in pathway.stages.order_by("order")] == ["立项", "用地", "规划报建", "施工许可", "竣工验收"]
    assert pathway.stages.get(name="立项").lead_org == works.depts["dev"]
    html = client.get(done["Location"]).content.decode()
    assert "已安装审批流程" in html and "规划报建" in html


def test_the_admin_sets_a_stage_item_and_a_bad_one_is_refused_in_place(client, works):
    client.force_login(works.cast.admin)
    url = reverse("projects_wb:stage_item", args=[works.permit.pk])
    prefix = f"s{works.permit.pk}"
    bad = client.post(url, {f"{prefix}-item": works.items["env"].pk, f"{prefix}-requirement": "conditional"})
    assert bad.status_code == 400 and "须选择适用的项目类型" in bad.content.decode()
    assert "<title>错误：" in bad.content.decode()
    assert StageItem.objects.get(stage=works.permit, item=works.items["env"]).requirement == "optional"
    done = client.post(
        url,
        {
            f"{prefix}-item": works.items["env"].pk,
            f"{prefix}-requirement": "conditional",
            f"{prefix}-project_types": ["government", "social"],
        },
    )
    assert done.status_code == 302
    stage_item = StageItem.objects.get(stage=works.permit, item=works.items["env"])
    assert stage_item.requirement == "conditional" and stage_item.project_types == ["government", "social"]


def test_the_window_registers_a_project_for_a_walk_in_owner_and_files_its_first_stage(client, works):
    client.force_login(works.window)
    owner_code = make_credit_code("91", "990100", "MA000079")
    done = client.post(
        reverse("projects_wb:register"),
        {
            "pathway": works.pathway.pk,
            "name": "云川滨江小学",
            "project_type": "government",
            "location": "云川市云湖区滨江路 2 号",
            "investment": "8600",
            "owner_name": "云川市教育局",
            "owner_credit_code": owner_code,
        },
    )
    assert done.status_code == 302, done.content.decode()[:2000]
    project = Project.objects.get(name="云川滨江小学")
    assert project.owner_user is None and project.owner_credit_code == owner_code
    assert done["Location"] == reverse("projects_wb:project", args=[project.code])
    page = client.get(done["Location"]).content.decode()
    file_url = reverse("projects_wb:file", args=[project.code, works.stages[0].pk])
    assert file_url in page
    form = client.get(file_url).content.decode()
    assert "现场提交" in form
    n = form.count('name="m') // 2  # each material: how it was given, and its scan
    data = {"contact": "王工", "phone": "13800000079", **{f"m{i}": "in_person" for i in range(n)}}
    filed = client.post(file_url, data)
    assert filed.status_code == 302
    application = project.applications.get()
    assert filed["Location"] == _stage_url(application)
    assert application.channel == "window" and application.form_data["联系人"] == "王工"
    assert set(application.materials.values_list("provision", flat=True)) == {"in_person"}
    again = client.post(file_url, data)
    assert again.status_code == 409 and "不能重复申报" in again.content.decode()


def test_a_bad_credit_code_is_shown_in_place_and_nothing_is_registered(client, works):
    client.force_login(works.window)
    page = client.post(
        reverse("projects_wb:register"),
        {
            "pathway": works.pathway.pk,
            "name": "云川滨江小学",
            "project_type": "government",
            "location": "云川市云湖区滨江路 2 号",
            "investment": "8600",
            "owner_name": "云川市教育局",
            "owner_credit_code": "91990100MA00007999",  # a wrong check digit
        },
    )
    assert page.status_code == 400 and "校验位" in page.content.decode()
    assert not Project.objects.filter(name="云川滨江小学").exists()
