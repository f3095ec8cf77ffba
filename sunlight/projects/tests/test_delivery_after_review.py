"""Delivery after a failed joint review (整改后复审) and of an optional item decided after its stage went out
(补充出件)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from sunlight.cases.models import Case
from sunlight.errors import Conflict, SunlightError
from sunlight.events.models import Event
from sunlight.projects import actions
from sunlight.projects.models import StageApplication
from sunlight.projects.queries import late_cases


def _joint_stage_decided(works) -> StageApplication:
    project = works.project()
    works.delivered(project, works.stages[0])
    application = works.accepted(project, works.stages[1])
    works.decide_all(application)
    return application


def test_a_failed_joint_review_blocks_delivery_until_a_review_after_rectification_passes(works):
    application = _joint_stage_decided(works)
    failed = works.joint_review(application, passed=False)
    with pytest.raises(Conflict) as caught:
        actions.deliver_stage(application, by=works.window, method="窗口领取")
    assert caught.value.code == "joint_review_failed"
    assert StageApplication.objects.get(pk=application.pk).status == StageApplication.Status.ACCEPTED
    passed = works.joint_review(application, passed=True)
    application = StageApplication.objects.get(pk=application.pk)
    assert [r.pk for r in application.joint_reviews.order_by("pk")] == [failed.pk, passed.pk]
    assert application.joint_review == passed and application.joint_review_passed
    assert actions.deliver_stage(application, by=works.window, method="窗口领取").status == "delivered"


def test_a_passed_joint_review_cannot_be_recorded_again(works):
    application = _joint_stage_decided(works)
    works.joint_review(application)
    with pytest.raises(Conflict) as caught:
        works.joint_review(application, passed=False)
    assert caught.value.code == "joint_review_done" and application.joint_reviews.count() == 1


def _delivered_with_optional_undecided(works):
    project = works.at_permit()
    application = works.accepted(project, optional_items=[works.items["env"].pk])
    optional = application.children.get(required=False).case
    for link in application.children.filter(required=True).select_related("case"):
        works.decide(link.case)
    actions.deliver_stage(application, by=works.window, method="窗口领取")
    return StageApplication.objects.get(pk=application.pk), Case.objects.get(pk=optional.pk)


def test_an_optional_item_decided_after_its_stage_went_out_is_delivered_on_its_own(works):
    application, optional = _delivered_with_optional_undecided(works)
    assert application.status == StageApplication.Status.DELIVERED and optional.status == Case.Status.HANDLING
    with pytest.raises(Conflict) as caught:
        actions.deliver_late_case(application, optional, by=works.window, method="邮寄送达")
    assert caught.value.code == "case_undecided"
    works.decide(optional)
    assert late_cases(application) == [optional]
    delivered = actions.deliver_late_case(application, optional, by=works.window, method="邮寄送达")
    assert delivered.status == Case.Status.DELIVERED and late_cases(application) == []
    event = Event.objects.filter(verb="projects.deliver_late").get()
    assert event.data["case"] == optional.number and event.data["method"] == "邮寄送达"


def test_late_delivery_is_refused_for_a_stage_still_running_a_case_of_another_stage_and_an_outsider(works):
    application, optional = _delivered_with_optional_undecided(works)
    works.decide(optional)
    other = works.accepted(works.project(name="另一个项目"), works.stages[0])
    stranger = other.children.select_related("case").first().case
    with pytest.raises(SunlightError) as caught:
        actions.deliver_late_case(application, stranger, by=works.window, method="窗口领取")
    assert caught.value.code == "not_in_stage"
    with pytest.raises(SunlightError) as caught:
        actions.deliver_late_case(other, stranger, by=works.window, method="窗口领取")
    assert caught.value.code == "not_delivered"
    with pytest.raises(PermissionDenied):
        actions.deliver_late_case(application, optional, by=works.owner, method="窗口领取")
    assert Case.objects.get(pk=optional.pk).status == Case.Status.DECIDED
