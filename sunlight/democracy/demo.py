"""Demo 基层民主 in 青溪区柳塘镇柳塘村 (the demo city's first village): the demo citizens registered as its residents,
a 村务公开 evaluation graded and its results published, a vote on a proposal with its results published, and an open
evaluation and vote the demo citizens can take part in. Every act runs through the actions on the day it would have
happened (cases.days.acting_on), by someone who may act for the village (its staff, else an admin above it). A story
already told (found by its title in the village) is not told again."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from sunlight.cases.days import acting_on
from sunlight.disclosure.queries import public_documents
from sunlight.orgs import scope
from sunlight.orgs.models import Org

from . import actions
from .models import Evaluation, Proposal, Resident
from .rules import ANY_ROLE

User = get_user_model()
CITIZENS = ("lin.xiaoyu", "gao.jian", "tang.mei")
GRADES = ("satisfied", "basic", "unsatisfied")
CHOICES = (0, 0, 1)  # 同意, 同意, 不同意: passed


def _village() -> Org | None:
    rows = Org.objects.filter(kind=Org.Kind.COMMITTEE, is_active=True, name__endswith="村民委员会").order_by("path")
    return rows.filter(name__contains="柳塘村").first() or rows.first()


def _staff(village: Org):
    for membership in scope.who_can_act(village, ANY_ROLE):
        return membership.user
    return User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()


def _residents(village: Org, by, day) -> list:
    people = []
    for username in CITIZENS:
        user = User.objects.filter(username=username, kind="citizen", is_active=True).first()
        if user is None:
            continue
        if not Resident.objects.filter(user=user, is_active=True).exists():
            with acting_on(day):
                actions.register_resident(village, user, by=by)
        if Resident.objects.filter(user=user, org=village, is_active=True).exists():
            people.append(user)
    return people


def _published_evaluation(village, by, people, today) -> int:
    title = f"{today.year}年第一季度村务公开民主评议"
    if Evaluation.objects.filter(org=village, title=title).exists():
        return 0
    start = today - timedelta(days=30)
    documents = list(public_documents().filter(publisher=village).order_by("-published_at")[:2])
    with acting_on(start):
        evaluation = actions.create_evaluation(
            village,
            by=by,
            title=title,
            subject="村务公开",
            description="请对本村一季度村务、财务公开的及时性、完整性进行评议。",
            start_on=start,
            end_on=start + timedelta(days=14),
            documents=documents,
        )
        actions.open_evaluation(evaluation, by=by)
    for i, user in enumerate(people):
        with acting_on(start + timedelta(days=1 + i)):
            actions.cast_evaluation(
                evaluation, by=user, grade=GRADES[i % 3], comment="建议财务公开附上明细。" if i == 2 else ""
            )
    with acting_on(start + timedelta(days=15)):
        actions.close_evaluation(evaluation, by=by)
        actions.publish_evaluation_results(evaluation, by=by)
    return 1


def _published_proposal(village, by, people, today) -> int:
    title = "关于硬化村东组道路的议题"
    if Proposal.objects.filter(org=village, title=title).exists():
        return 0
    start = today - timedelta(days=20)
    with acting_on(start):
        proposal = actions.create_proposal(
            village,
            by=by,
            title=title,
            text="拟使用村集体经济收入硬化村东组道路 1.2 公里，预算 36 万元，请全体登记居民表决。",
            start_on=start,
            end_on=start + timedelta(days=7),
        )
        actions.open_proposal(proposal, by=by)
    for i, user in enumerate(people):
        with acting_on(start + timedelta(days=1 + i)):
            actions.cast_vote(proposal, by=user, choice=CHOICES[i % 3])
    with acting_on(start + timedelta(days=8)):
        actions.close_proposal(proposal, by=by)
        actions.publish_results(proposal, by=by)
    return 1


def _open_evaluation(village, by, today) -> int:
    title = "村党支部书记年度述职民主评议"
    if Evaluation.objects.filter(org=village, title=title).exists():
        return 0
    with acting_on(today):
        evaluation = actions.create_evaluation(
            village, by=by, title=title, subject="村干部述职", start_on=today, end_on=today + timedelta(days=14)
        )
        actions.open_evaluation(evaluation, by=by)
    return 1


def _open_proposal(village, by, today) -> int:
    title = "关于村文化广场夜间照明时间的议题"
    if Proposal.objects.filter(org=village, title=title).exists():
        return 0
    with acting_on(today):
        proposal = actions.create_proposal(
            village,
            by=by,
            title=title,
            text="拟将文化广场夜间照明延长至22时，请选择您赞成的方案。",
            options=["延长至22时", "维持至21时", "弃权"],
            start_on=today,
            end_on=today + timedelta(days=10),
        )
        actions.open_proposal(proposal, by=by)
    return 1


def build_democracy(count: int = 4, stdout=None) -> int:
    """Up to `count` stories: 1 the published evaluation, 2 the published vote, 3 an open evaluation, 4 an open
    vote. Returns how many were told this time (0 on a rerun)."""
    village = _village()
    by = _staff(village) if village is not None else None
    if village is None or by is None:
        return 0
    today = timezone.localdate()
    people = _residents(village, by, today - timedelta(days=60))
    stories = [
        lambda: _published_evaluation(village, by, people, today),
        lambda: _published_proposal(village, by, people, today),
        lambda: _open_evaluation(village, by, today),
        lambda: _open_proposal(village, by, today),
    ]
    made = sum(story() for story in stories[:count])
    if stdout is not None:
        stdout.write(f"基层民主 / democracy: {made} made\n")
    return made
