"""The demo step: a dozen projects of every type in every stage, the seeds' stories among them, idempotent."""

from __future__ import annotations

import pytest

from sunlight.cases.models import Case
from sunlight.catalog.demo import build_catalog, plans
from sunlight.demo.build import build_demo
from sunlight.projects.demo import build_projects
from sunlight.projects.models import JointReview, Project, ProjectType, StageApplication


@pytest.fixture(autouse=True)
def fast_hasher(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.django_db
def test_the_demo_builds_a_dozen_projects_with_the_seeds_stories_once():
    build_demo()
    build_catalog(len(plans()))
    assert build_projects(12) == 12
    assert build_projects(12) == 0
    assert set(Project.objects.values_list("project_type", flat=True)) == set(ProjectType.values)
    statuses = set(StageApplication.objects.values_list("status", flat=True))
    assert {"submitted", "accepted", "delivered"} <= statuses
    # 36 working days end to end on 新余's five stages.
    assert Project.objects.filter(pathway__preset="xinyu5", status="completed", total_days=36).exists()
    # A 施工许可 stage held up by a correction at 自然资源局, the other three departments done.
    blocked = StageApplication.objects.get(project__name="青溪区滨河路改造工程", status="accepted")
    assert blocked.stage.name == "施工许可"
    children = {link.case.org.name: link.case.status for link in blocked.children.select_related("case__org")}
    assert len(children) == 4 and children.pop("云川市自然资源局") == Case.Status.CORRECTING
    assert set(children.values()) == {Case.Status.DECIDED}
    # 多图联审 recorded on a 工程建设许可 stage.
    assert JointReview.objects.filter(application__stage__kind="joint_review").exists()
