"""The owner's pages of parallel approval: the project page (own only), the stage's one form (POST/redirect/GET,
refusals with the error summary and their status), registering a project, and the city's public distribution."""

from __future__ import annotations

import json
import re

from sunlight.cases import actions as case_actions
from sunlight.cases.tests.builders import pdf
from sunlight.projects.actions.materials import applicable_items, combined_materials
from sunlight.projects.models import Project, StageApplication


def _listed(works, project, optional=None, stage=None):
    from sunlight.cases import days

    stage = stage or works.permit
    return combined_materials(applicable_items(stage, project.project_type, optional), days.today())


def _filing(works, project, optional=None, skip: str = "", stage=None) -> dict:
    data = {"scale": "总建筑面积 3.2 万平方米", "contact": "陈工", "phone": "13800000077"}
    for i, m in enumerate(_listed(works, project, optional, stage)):
        if m.name != skip:
            data[f"m{i}"] = pdf(f"{m.name}.pdf")
    if optional:
        data["optional"] = [str(i) for i in optional]
    return data


def _file_url(project, stage) -> str:
    return f"/projects/p/{project.code}/stages/{stage.pk}/file/"


def _summary(response) -> str:
    html = response.content.decode()
    found = re.search(r'<div class="error-summary".*?</div>', html, re.DOTALL)
    return found.group(0) if found else ""


def test_the_owner_sees_their_project_with_its_stages_and_the_next_stage_to_file(client, works):
    project = works.at_permit()
    client.force_login(works.owner)
    response = client.get(f"/projects/p/{project.code}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert project.name in text and "立项用地规划许可" in text and "竣工验收" in text
    assert _file_url(project, works.permit) in text
    assert 'id="gantt-data"' in text and 'role="img"' in text and "关键路径" in text


def test_another_owner_gets_a_404_for_the_project_and_its_form(client, works):
    project = works.at_permit()
    client.force_login(works.other_owner)
    assert client.get(f"/projects/p/{project.code}/").status_code == 404
    assert client.get(_file_url(project, works.permit)).status_code == 404
    assert client.post(_file_url(project, works.permit), _filing(works, project)).status_code == 404
    assert not project.applications.filter(stage=works.permit).exists()


def test_an_anonymous_visitor_is_sent_to_sign_in_as_in_the_hall(client, works):
    project = works.project()
    response = client.get(f"/projects/p/{project.code}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login")
    assert client.get(_file_url(project, works.stages[0])).status_code == 302


def test_staff_who_may_see_the_project_open_it_and_an_outsider_gets_a_404(client, works):
    project = works.at_permit()
    client.force_login(works.cast.supervisor)
    response = client.get(f"/projects/p/{project.code}/")
    assert response.status_code == 200 and _file_url(project, works.permit) not in response.content.decode()
    client.force_login(works.cast.outsider)
    assert client.get(f"/projects/p/{project.code}/").status_code == 404


def test_the_stage_form_lists_each_shared_material_once_with_one_file_input(client, works):
    project = works.at_permit()
    client.force_login(works.owner)
    text = client.get(_file_url(project, works.permit)).content.decode()
    assert text.count('<label for="id_m') == len(_listed(works, project)) == 5
    assert text.count(">营业执照<") == 1 or text.count("营业执照</label>") == 1
    assert "建设项目环境影响登记表备案" in text  # the optional item, offered as a checkbox


def test_choosing_an_optional_item_adds_its_materials_to_the_form(client, works):
    project = works.at_permit()
    env = works.items["env"].pk
    client.force_login(works.owner)
    text = client.get(_file_url(project, works.permit) + f"?optional={env}&optional=x").content.decode()
    assert "建设项目环境影响登记表备案申请表" in text
    assert f'<input type="hidden" name="optional" value="{env}">' in text


def test_filing_through_the_form_redirects_to_the_project_and_files_one_application(client, works):
    project = works.at_permit()
    env = works.items["env"].pk
    client.force_login(works.owner)
    response = client.post(_file_url(project, works.permit), _filing(works, project, [env]))
    assert response.status_code == 302 and response["Location"] == f"/projects/p/{project.code}/"
    application = project.applications.get(stage=works.permit)
    assert application.status == StageApplication.Status.SUBMITTED and application.channel == "online"
    assert application.optional_items == [env]
    assert application.form_data["联系人"] == "陈工" and application.materials.count() == 6
    page = client.get(response["Location"]).content.decode()
    assert "阶段已申报" in page and application.number in page


def test_a_second_filing_is_refused_with_the_409_error_summary(client, works):
    project = works.at_permit()
    client.force_login(works.owner)
    client.post(_file_url(project, works.permit), _filing(works, project))
    response = client.post(_file_url(project, works.permit), _filing(works, project))
    assert response.status_code == 409
    assert "不能重复申报" in _summary(response)
    assert response.content.decode().count("<title>错误") == 1
    assert project.applications.filter(stage=works.permit).count() == 1


def test_a_missing_required_material_is_refused_with_a_400_linked_to_its_file_input(client, works):
    project = works.at_permit()
    client.force_login(works.owner)
    response = client.post(_file_url(project, works.permit), _filing(works, project, skip="营业执照"))
    assert response.status_code == 400
    summary = _summary(response)
    assert "请提供必要材料“营业执照”" in summary and 'href="#id_m' in summary
    assert not project.applications.filter(stage=works.permit).exists()


def test_an_optional_item_not_in_the_stage_is_refused_with_a_400_and_nothing_filed(client, works):
    project = works.at_permit()
    client.force_login(works.owner)
    data = _filing(works, project)
    data["optional"] = [str(works.items["env"].pk + 10_000)]
    response = client.post(_file_url(project, works.permit), data)
    assert response.status_code == 400 and "不在“施工许可”阶段的事项清单中" in _summary(response)
    assert not project.applications.filter(stage=works.permit).exists()


def test_a_stage_not_open_yet_shows_why_and_a_post_to_it_is_a_409(client, works):
    project = works.at_permit()
    client.force_login(works.owner)
    later = works.stages[3]
    assert "上一阶段统一出件后才能申报本阶段" in client.get(_file_url(project, later)).content.decode()
    response = client.post(_file_url(project, later), _filing(works, project, stage=later))
    assert response.status_code == 409 and "上一阶段尚未统一出件" in _summary(response)
    assert not project.applications.filter(stage=later).exists()


def test_a_stage_of_another_pathway_is_a_404(client, works):
    project = works.at_permit()
    client.force_login(works.owner)
    assert client.get(f"/projects/p/{project.code}/stages/{2**63}/file/").status_code == 404
    assert client.get(f"/projects/p/{project.code}/stages/999999/file/").status_code == 404


def test_a_project_page_with_a_correction_says_the_owner_is_awaited_and_links_to_the_correction(client, works):
    application = works.accepted(works.at_permit())
    land = application.children.get(case__org=works.depts["land"]).case
    case_actions.request_correction(land, by=works.handlers["land"], defects=["规划总平面图缺少指北针"])
    client.force_login(works.owner)
    text = client.get(f"/projects/p/{application.project.code}/").content.decode()
    assert "等待您补正" in text and f'href="/hall/cases/{land.number}/#correct"' in text
    for link in application.children.select_related("case"):  # every department's case links to the hall
        assert f'href="/hall/cases/{link.case.number}/"' in text
    assert client.get(f"/hall/cases/{land.number}/").status_code == 200


def test_the_project_page_shows_the_forecast_and_the_days_lost_to_corrections(client, works):
    application = works.accepted(works.at_permit())
    client.force_login(works.owner)
    text = client.get(f"/projects/p/{application.project.code}/").content.decode()
    assert "全部审批预计在" in text and "阶段时限（尚无历史数据）" in text
    assert "因补正暂停 0 个工作日" in text
    data = json.loads(re.search(r'<script id="gantt-data" type="application/json">(.*?)</script>', text).group(1))
    assert [r["stage"] for r in data["rows"]].count(True) == 3 and data["words"]["critical"] == "关键路径"


def test_a_company_registers_a_project_and_is_sent_to_its_page(client, works):
    client.force_login(works.owner)
    assert client.get("/projects/register/").status_code == 200
    response = client.post(
        "/projects/register/",
        {
            "pathway": works.pathway.pk,
            "name": "云川物流园二期",
            "project_type": "social",
            "location": "云川市青溪区港城路 1 号",
            "investment": "8000",
            "code": "",
        },
    )
    project = Project.objects.get(name="云川物流园二期")
    assert response.status_code == 302 and response["Location"] == f"/projects/p/{project.code}/"
    assert project.owner_user == works.owner and project.owner_credit_code == works.owner.credit_code


def test_a_bad_project_registration_is_a_4xx_with_the_summary(client, works):
    client.force_login(works.owner)
    response = client.post("/projects/register/", {"pathway": works.pathway.pk, "name": "", "investment": "x"})
    assert response.status_code == 400 and "项目名称" in _summary(response)
    taken = works.project(code="2026-990100-48-01-000001")
    response = client.post(
        "/projects/register/",
        {
            "pathway": works.pathway.pk,
            "name": "另一个项目",
            "project_type": "social",
            "location": "云川市",
            "investment": "100",
            "code": taken.code,
        },
    )
    assert response.status_code == 409 and "已经登记" in _summary(response)
    assert Project.objects.count() == 1


def test_only_a_company_account_may_register_a_project(client, works):
    client.force_login(works.cast.citizen)
    assert client.get("/projects/register/").status_code == 403
    text = client.get("/projects/").content.decode()
    assert "/projects/register/" not in text


def test_the_index_explains_the_stages_and_lists_my_projects_with_their_current_stage(client, works):
    project = works.at_permit()
    client.force_login(works.owner)
    text = client.get("/projects/").content.decode()
    assert "住房和城乡建设局" in text and "20 个工作日" in text and "建筑工程施工许可证核发" in text
    assert f"/projects/p/{project.code}/" in text and "施工许可" in text and "待申报" in text
    assert "/projects/register/" in text and f"/projects/city/{works.cast.city.pk}/" in text


def _completed(works) -> Project:
    project = works.at_permit()
    for stage in works.stages[2:]:
        works.delivered(project, stage)
    project.refresh_from_db()
    return project


def test_the_city_page_shows_the_reference_lines_and_the_figures_by_type(client, works):
    project = _completed(works)
    response = client.get(f"/projects/city/{works.cast.city.pk}/")
    assert response.status_code == 200
    text = response.content.decode()
    data = json.loads(
        re.search(r'<script id="distribution-data" type="application/json">(.*?)</script>', text).group(1)
    )
    assert [line["bin"] for line in data["lines"]] == [13, 3, 12]
    assert "135" in data["lines"][0]["name"] and "36" in data["lines"][1]["name"] and "120" in data["lines"][2]["name"]
    social = next(s for s in data["series"] if s["name"] == "社会投资项目")
    assert sum(social["data"]) == 1
    row = re.search(r"<th scope=\"row\">社会投资项目</th>(.*?)</tr>", text, re.DOTALL).group(1)
    cells = re.findall(r"<td>(.*?)</td>", row)
    assert cells[0] == "1" and cells[1] == str(project.total_days) and cells[3] == "1"


def test_the_city_page_is_cached_for_visitors_until_a_project_completes(client, works):
    url = f"/projects/city/{works.cast.city.pk}/"
    assert "已完成全部审批的项目 0 个" in client.get(url).content.decode()
    _completed(works)
    assert "已完成全部审批的项目 1 个" in client.get(url).content.decode()


def test_the_city_page_of_an_org_without_a_pathway_is_a_404(client, works):
    assert client.get(f"/projects/city/{works.cast.west.pk}/").status_code == 404
    assert client.get(f"/projects/city/{2**63}/").status_code == 404
