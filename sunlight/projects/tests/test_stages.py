"""The life of a stage: one filing, one acceptance opening every department's case, parallel work with a
correction that blocks only its own case, opinions exchanged, one delivery; and the bad input of the issue."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from sunlight.cases import actions as case_actions
from sunlight.cases.actions import MaterialInput
from sunlight.cases.models import Case, CaseKind, HandlingWay
from sunlight.cases.tests.builders import pdf
from sunlight.errors import Conflict, SunlightError
from sunlight.projects import actions
from sunlight.projects.models import Project, StageApplication, StageCase


def test_the_stage_lists_each_shared_material_once(works):
    project = works.at_permit()
    application = works.filed(project)
    names = list(application.materials.values_list("name", flat=True))
    assert names.count("营业执照") == 1 and names.count("项目批准文件") == 1
    assert len(names) == 5  # three departments' own forms + the two shared ones (env is optional, not chosen)
    shared = application.materials.get(name="营业执照")
    assert set(shared.items) == {str(works.items[k].pk) for k in ("build", "land", "dev")}


def test_one_acceptance_opens_a_case_per_department_on_the_same_day(works):
    project = works.at_permit()
    application = works.accepted(project, optional_items=[works.items["env"].pk])
    cases = [link.case for link in application.children.select_related("case")]
    assert len(cases) == 4
    assert {c.org_id for c in cases} == {o.pk for o in works.depts.values()}
    assert all(c.status == Case.Status.HANDLING and c.kind == CaseKind.JOINT for c in cases)
    assert all(c.way == HandlingWay.JOINT and c.accepted_on == application.accepted_on for c in cases)
    assert application.due_on is not None and application.status == StageApplication.Status.ACCEPTED
    optional = application.children.get(case__org=works.depts["env"])
    assert optional.required is False
    # Each case holds the shared file itself, not a copy.
    build_case = application.children.get(case__org=works.depts["build"]).case
    licence = build_case.materials.get(name="营业执照")
    assert licence.file.name == application.materials.get(name="营业执照").file.name


def test_a_stage_accepted_twice_is_refused_and_nothing_is_added(works):
    application = works.accepted(works.at_permit())
    with pytest.raises(Conflict):
        actions.accept_stage(application, by=works.window)
    assert StageCase.objects.filter(application=application).count() == 3


def test_a_stage_filed_twice_is_refused(works):
    project = works.at_permit()
    works.filed(project)
    with pytest.raises(Conflict):
        works.filed(project)
    assert project.applications.filter(stage=works.permit).count() == 1


def test_an_optional_item_not_in_the_stage_is_refused_with_nothing_written(works):
    project = works.at_permit()
    stranger = works.items["env"].pk + 10_000
    with pytest.raises(SunlightError) as caught:
        works.filed(project, optional_items=[stranger])
    assert caught.value.code == "item_not_in_stage"
    assert not project.applications.filter(stage=works.permit).exists()


def test_a_later_stage_cannot_be_filed_before_the_earlier_one_is_delivered(works):
    project = works.project()
    with pytest.raises(Conflict):
        works.filed(project)


def test_a_correction_pauses_only_its_own_case_and_the_stage_runs_on(works):
    application = works.accepted(works.at_permit())
    land = application.children.get(case__org=works.depts["land"]).case
    case_actions.request_correction(land, by=works.handlers["land"], defects=["规划总平面图缺少指北针"])
    land.refresh_from_db()
    assert land.status == Case.Status.CORRECTING and land.accepted_on is not None
    assert land.clock_events[-1]["kind"] == "pause"
    others = [link.case for link in application.children.exclude(case=land).select_related("case")]
    assert all(c.status == Case.Status.HANDLING for c in others)
    application.refresh_from_db()
    due_before = application.due_on
    case_actions.submit_correction(land, [MaterialInput(0, upload=pdf("补正.pdf"))], by=works.owner)
    land.refresh_from_db()
    assert land.status == Case.Status.HANDLING and land.clock_events[-1]["kind"] == "resume"
    application.refresh_from_db()
    assert application.due_on == due_before  # the stage clock does not stop


def test_delivering_with_an_undecided_required_case_is_refused_with_nothing_delivered(works):
    application = works.accepted(works.at_permit())
    works.decide(application.children.get(case__org=works.depts["build"]).case)
    with pytest.raises(Conflict) as caught:
        actions.deliver_stage(application, by=works.window, method="窗口领取")
    assert caught.value.code == "children_undecided"
    assert not Case.objects.filter(stage_link__application=application, status=Case.Status.DELIVERED).exists()
    application.refresh_from_db()
    assert application.status == StageApplication.Status.ACCEPTED


def test_results_are_delivered_together_once_every_required_case_is_decided(works):
    application = works.accepted(works.at_permit())
    works.decide_all(application)
    delivered = actions.deliver_stage(application, by=works.window, method="窗口领取")
    assert delivered.status == StageApplication.Status.DELIVERED and delivered.working_days is not None
    assert set(Case.objects.filter(stage_link__application=application).values_list("status", flat=True)) == {
        Case.Status.DELIVERED
    }


def test_the_last_stage_delivered_completes_the_project_with_its_total_days(works):
    project = works.at_permit()
    for stage in works.stages[2:]:
        works.delivered(project, stage)
    project.refresh_from_db()
    assert project.status == Project.Status.COMPLETED
    assert project.total_days == sum(project.applications.values_list("working_days", flat=True))


def test_a_joint_review_stage_needs_its_joint_review_before_delivery(works):
    project = works.project()
    works.delivered(project, works.stages[0])
    application = works.accepted(project, works.stages[1])
    works.decide_all(application)
    with pytest.raises(Conflict) as caught:
        actions.deliver_stage(application, by=works.window, method="窗口领取")
    assert caught.value.code == "joint_review_missing"
    review = works.joint_review(application)
    assert review.passed and len(review.opinions) >= 1
    assert actions.deliver_stage(application, by=works.window, method="窗口领取").delivered_on is not None


def test_a_joint_review_without_every_departments_opinion_is_refused(works):
    project = works.project()
    works.delivered(project, works.stages[0])
    application = works.accepted(project, works.stages[1])
    with pytest.raises(SunlightError) as caught:
        actions.record_joint_review(application, by=works.handlers["land"], conclusion="通过", passed=True, opinions={})
    assert caught.value.code == "opinion_missing"


def test_departments_exchange_opinions_within_a_limit_of_their_own(works):
    application = works.accepted(works.at_permit())
    asked = actions.ask_opinion(
        application,
        by=works.handlers["build"],
        from_org=works.depts["build"],
        to_org=works.depts["land"],
        question="该项目用地红线与规划条件是否一致？",
        days_allowed=3,
    )
    assert asked.due_on > asked.asked_on
    with pytest.raises(PermissionDenied):
        actions.answer_opinion(asked, by=works.handlers["build"], answer="一致")
    answered = actions.answer_opinion(asked, by=works.handlers["land"], answer="一致。")
    assert answered.answered_on is not None
    with pytest.raises(Conflict):
        actions.answer_opinion(asked, by=works.handlers["land"], answer="再答一次")


def test_an_opinion_asked_of_an_org_outside_the_stage_is_refused(works):
    application = works.accepted(works.at_permit())
    with pytest.raises(SunlightError):
        actions.ask_opinion(
            application,
            by=works.handlers["build"],
            from_org=works.depts["build"],
            to_org=works.cast.west,
            question="？",
            days_allowed=3,
        )


def test_an_outsider_cannot_accept_or_deliver_a_stage(works):
    application = works.filed(works.at_permit())
    with pytest.raises(PermissionDenied):
        actions.accept_stage(application, by=works.cast.outsider)
    assert StageCase.objects.filter(application=application).count() == 0


def test_another_owner_cannot_file_for_a_project_not_theirs(works):
    project = works.at_permit()
    with pytest.raises(PermissionDenied):
        actions.file_stage(project, works.permit, by=works.other_owner, materials=[])


def test_a_refused_filing_leaves_no_files_behind(works, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = works.at_permit()
    materials = works.materials(works.permit, project)
    materials[-1].upload = SimpleUploadedFile("伪装.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    before = {path for path in tmp_path.rglob("*") if path.is_file()}
    with pytest.raises(SunlightError):
        actions.file_stage(project, works.permit, by=works.owner, materials=materials)
    assert not project.applications.filter(stage=works.permit).exists()
    assert {path for path in tmp_path.rglob("*") if path.is_file()} == before


def test_a_department_case_is_not_delivered_alone_but_with_its_stage(works):
    application = works.accepted(works.at_permit())
    works.decide_all(application)
    case = application.children.select_related("case").first().case
    with pytest.raises(SunlightError) as caught:
        case_actions.deliver_result(case, by=works.window, method="窗口领取")
    assert caught.value.code == "joint_delivery"
    case.refresh_from_db()
    assert case.status == Case.Status.DECIDED


def test_the_hourly_sweep_removes_a_stage_file_no_row_points_to_and_keeps_the_rest(works, settings, tmp_path):
    import os
    import time

    from sunlight.projects.tasks import sweep_files

    settings.MEDIA_ROOT = tmp_path
    application = works.filed(works.at_permit())
    kept = tmp_path / application.materials.exclude(file="").first().file.name
    orphan = kept.parent / "killed-mid-filing.pdf"
    orphan.write_bytes(b"%PDF-1.4 left behind")
    old = time.time() - 7200
    for path in (kept, orphan):
        os.utime(path, (old, old))
    assert sweep_files.call_local() == 1
    assert kept.exists() and not orphan.exists()
