"""The acts of 基层民主, one function each (docs/architecture.md, the action contract): registering and ending a
residence; drafting, opening, closing and publishing a 民主评议 and a 村民议事 vote; a resident's ballot and vote."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext

from sunlight.cases.days import now, today
from sunlight.disclosure.models import Document
from sunlight.disclosure.queries import public_documents
from sunlight.errors import Conflict, refuse
from sunlight.events.log import record
from sunlight.notify.notices import send_notice
from sunlight.notify.public_cache import public_changed
from sunlight.orgs.models import Org

from .models import DEFAULT_OPTIONS, Evaluation, EvaluationBallot, Proposal, Resident, Status, Vote
from .rules import eligible_count, is_village, may_manage, pass_rule, passed, percent, resident_of

S = Status
Grade = EvaluationBallot.Grade
TITLE_MAX, TEXT_MAX, COMMENT_MAX = 200, 4000, 500
OPTION_MAX, OPTIONS_MAX = 60, 10


# --- shared checks -----------------------------------------------------------------------------------------------
def _require_manager(by, org: Org, act: str) -> None:
    if not may_manage(by, org):
        raise PermissionDenied(
            gettext("无权在“%(org)s”%(act)s：需要本村（居）民委员会的工作人员或上级机构的系统管理员。")
            % {"org": org.name, "act": act}
        )


def _require_village(org: Org) -> None:
    if not isinstance(org, Org) or not is_village(org):
        raise refuse(gettext("只能在村（居）民委员会开展基层民主活动。"), "not_a_village")


def _text(value: str, what: str, max_length: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise refuse(gettext("请填写%(what)s。") % {"what": what}, "required")
    if len(value) > max_length:
        raise refuse(gettext("%(what)s不能超过 %(n)s 个字。") % {"what": what, "n": max_length}, "too_long")
    return value


def _dates(start_on: date | None, end_on: date | None) -> tuple[date, date]:
    if start_on is None or end_on is None:
        raise refuse(gettext("请填写开始日期和截止日期。"), "dates_required")
    if end_on < start_on:
        raise refuse(gettext("截止日期不能早于开始日期。"), "bad_dates")
    return start_on, end_on


def _require_status(item, *statuses: str, act: str) -> None:
    if item.status not in statuses:
        raise Conflict(
            gettext("当前状态为“%(status)s”，不能%(act)s。") % {"status": item.get_status_display(), "act": act},
            code="bad_status",
        )


def _require_resident(by, org: Org) -> Resident:
    if not getattr(by, "is_authenticated", False):
        raise PermissionDenied(gettext("请先登录。"))
    resident = resident_of(by, org)
    if resident is None:
        raise PermissionDenied(
            gettext("只有户籍登记在%(org)s的居民才能参加，请向村（居）民委员会登记。") % {"org": org.name}
        )
    return resident


def _require_open_today(item, what: str) -> None:
    if item.status != S.OPEN:
        raise refuse(gettext("这项%(what)s不在进行中。") % {"what": what}, "not_open")
    on = today()
    if on < item.start_on or on > item.end_on:
        raise refuse(
            gettext("这项%(what)s的时间是 %(start)s 至 %(end)s，今天不能参加。")
            % {"what": what, "start": item.start_on.isoformat(), "end": item.end_on.isoformat()},
            "outside_dates",
        )


def _may_close(item, voted: int) -> None:
    """Closing waits for the end date, unless every registered resident has already taken part."""
    if today() <= item.end_on and voted < eligible_count(item.org):
        raise refuse(
            gettext("截止日期（%(end)s）之后才能结束；全体登记居民都已参加的除外。") % {"end": item.end_on.isoformat()},
            "not_over",
        )


def _documents(org: Org, documents) -> list[Document]:
    """Only the village's own published 三务公开 information may be linked."""
    documents = list(documents or [])
    allowed = set(
        public_documents().filter(publisher=org, pk__in=[d.pk for d in documents]).values_list("pk", flat=True)
    )
    if any(d.pk not in allowed for d in documents):
        raise refuse(gettext("只能关联本村（居）民委员会已发布的公开信息。"), "foreign_document")
    return documents


def _notify_residents(org: Org, subject: str, body: str, url: str) -> int:
    rows = Resident.objects.filter(org=org, is_active=True, user__is_active=True).select_related("user")
    for resident in rows:
        send_notice(resident.user, subject, body, url=url)
    return len(rows)


# --- residents -----------------------------------------------------------------------------------------------------
@transaction.atomic
def register_resident(org: Org, user, *, by, on: date | None = None) -> Resident:
    """登记居民: the village committee records a citizen whose 户籍 is in the village. A person is an active resident
    of one village at a time; an ended residence in the same village is renewed."""
    _require_village(org)
    _require_manager(by, org, gettext("登记居民"))
    if user is None or not user.is_active or getattr(user, "kind", "") != "citizen":
        raise refuse(gettext("只能登记自然人的公众账户。"), "not_a_citizen")
    on = on or today()
    if on > today():
        raise refuse(gettext("登记日期不能晚于今天。"), "future_date")
    elsewhere = Resident.objects.filter(user=user, is_active=True).select_related("org").first()
    if elsewhere is not None:
        raise Conflict(
            gettext("%(name)s已登记为%(org)s的居民。")
            % {"name": user.display_name or user.username, "org": elsewhere.org.name},
            code="already_resident",
        )
    resident = Resident.objects.select_for_update().filter(org=org, user=user).first()
    if resident is None:
        resident = Resident.objects.create(org=org, user=user, registered_by=by, registered_on=on)
    else:
        resident.registered_by, resident.registered_on, resident.is_active, resident.ended_on = by, on, True, None
        resident.save(update_fields=["registered_by", "registered_on", "is_active", "ended_on"])
    record("democracy.register", actor=by, org=org, obj=resident, data={"user": user.pk, "on": on.isoformat()})
    return resident


@transaction.atomic
def end_residence(resident: Resident, *, by, on: date | None = None) -> Resident:
    """注销: the residence has moved away; the person no longer takes part (their past ballots stay counted)."""
    resident = Resident.objects.select_for_update().select_related("org", "user").get(pk=resident.pk)
    _require_manager(by, resident.org, gettext("注销居民登记"))
    if not resident.is_active:
        raise Conflict(gettext("该居民登记已注销。"), code="already_ended")
    on = on or today()
    if on > today() or on < resident.registered_on:
        raise refuse(gettext("注销日期须在登记日期和今天之间。"), "bad_date")
    resident.is_active, resident.ended_on = False, on
    resident.save(update_fields=["is_active", "ended_on"])
    record("democracy.end_residence", actor=by, org=resident.org, obj=resident, data={"on": on.isoformat()})
    return resident


# --- 民主评议 -------------------------------------------------------------------------------------------------------
def _lock_evaluation(evaluation: Evaluation) -> Evaluation:
    return Evaluation.objects.select_for_update(of=("self",)).select_related("org").get(pk=evaluation.pk)


def _evaluation_fields(org, title, subject, description, start_on, end_on) -> dict:
    start_on, end_on = _dates(start_on, end_on)
    return {
        "title": _text(title, gettext("标题"), TITLE_MAX),
        "subject": _text(subject, gettext("评议内容"), 60),
        "description": _text(description, gettext("说明"), TEXT_MAX, required=False),
        "start_on": start_on,
        "end_on": end_on,
    }


@transaction.atomic
def create_evaluation(
    org: Org, *, by, title: str, subject: str, start_on: date, end_on: date, description: str = "", documents=()
) -> Evaluation:
    """起草民主评议 (a draft, not yet public)."""
    _require_village(org)
    _require_manager(by, org, gettext("起草民主评议"))
    fields = _evaluation_fields(org, title, subject, description, start_on, end_on)
    documents = _documents(org, documents)
    evaluation = Evaluation.objects.create(org=org, created_by=by, **fields)
    evaluation.documents.set(documents)
    record("democracy.create_evaluation", actor=by, org=org, obj=evaluation, data={"title": evaluation.title})
    return evaluation


@transaction.atomic
def update_evaluation(
    evaluation: Evaluation,
    *,
    by,
    title: str,
    subject: str,
    start_on: date,
    end_on: date,
    description: str = "",
    documents=(),
) -> Evaluation:
    evaluation = _lock_evaluation(evaluation)
    act = gettext("修改民主评议")
    _require_manager(by, evaluation.org, act)
    _require_status(evaluation, S.DRAFT, act=act)
    fields = _evaluation_fields(evaluation.org, title, subject, description, start_on, end_on)
    documents = _documents(evaluation.org, documents)
    for name, value in fields.items():
        setattr(evaluation, name, value)
    evaluation.save(update_fields=list(fields))
    evaluation.documents.set(documents)
    record(
        "democracy.update_evaluation", actor=by, org=evaluation.org, obj=evaluation, data={"title": evaluation.title}
    )
    return evaluation


@transaction.atomic
def delete_evaluation(evaluation: Evaluation, *, by) -> None:
    evaluation = _lock_evaluation(evaluation)
    act = gettext("删除民主评议")
    _require_manager(by, evaluation.org, act)
    _require_status(evaluation, S.DRAFT, act=act)
    record(
        "democracy.delete_evaluation", actor=by, org=evaluation.org, obj=evaluation, data={"title": evaluation.title}
    )
    evaluation.delete()


@transaction.atomic
def open_evaluation(evaluation: Evaluation, *, by) -> Evaluation:
    """发起评议: the draft becomes public and the village's residents are told."""
    evaluation = _lock_evaluation(evaluation)
    return _open(
        evaluation,
        by=by,
        act=gettext("发起评议"),
        verb="democracy.open_evaluation",
        subject=gettext("民主评议：%(title)s") % {"title": evaluation.title},
        body=gettext("%(org)s邀请您参加民主评议，时间 %(start)s 至 %(end)s。")
        % {"org": evaluation.org.name, "start": evaluation.start_on.isoformat(), "end": evaluation.end_on.isoformat()},
        url=reverse("democracy:evaluation", args=[evaluation.pk]),
    )


@transaction.atomic
def cast_evaluation(evaluation: Evaluation, *, by, grade: str, comment: str = "") -> EvaluationBallot:
    """评议: an active resident of the village grades it once, while it is open."""
    evaluation = _lock_evaluation(evaluation)
    resident = _require_resident(by, evaluation.org)
    _require_open_today(evaluation, gettext("民主评议"))
    if EvaluationBallot.objects.filter(evaluation=evaluation, resident=resident).exists():
        raise Conflict(gettext("您已经参加过这项评议，每位居民只能评议一次。"), code="already_cast")
    if grade not in Grade.values:
        raise refuse(gettext("请选择评议等次：满意、基本满意或不满意。"), "grade_required")
    comment = _text(comment, gettext("意见建议"), COMMENT_MAX, required=False)
    try:
        with transaction.atomic():
            ballot = EvaluationBallot.objects.create(
                evaluation=evaluation, resident=resident, grade=grade, comment=comment
            )
    except IntegrityError:
        raise Conflict(gettext("您已经参加过这项评议，每位居民只能评议一次。"), code="already_cast") from None
    # The event says who took part, never how they graded (the counts are the result's).
    record("democracy.cast_evaluation", actor=by, org=evaluation.org, obj=evaluation, data={})
    return ballot


def _evaluation_result(evaluation: Evaluation) -> dict:
    counts = dict.fromkeys(Grade.values, 0)
    for grade in evaluation.ballots.values_list("grade", flat=True):
        counts[grade] += 1
    total = sum(counts.values())
    satisfied = counts[Grade.SATISFIED] + counts[Grade.BASIC]
    return {
        "counts": counts,
        "total": total,
        "eligible": eligible_count(evaluation.org),
        "satisfied_rate": percent(satisfied, total),
    }


def _open(item, *, by, act: str, verb: str, subject: str, body: str, url: str):
    """发起 an evaluation or a vote: managers only, from a draft whose end date has not passed; the village's
    residents are told."""
    _require_manager(by, item.org, act)
    _require_status(item, S.DRAFT, act=act)
    if item.end_on < today():
        raise refuse(gettext("截止日期已过，请先修改日期。"), "ended")
    item.status = S.OPEN
    item.save(update_fields=["status"])
    told = _notify_residents(item.org, subject, body, url)
    record(verb, actor=by, org=item.org, obj=item, data={"residents_told": told})
    public_changed("democracy")
    return item


def _close(item, *, by, act: str, taken_part: int, result, verb: str):
    """结束 an evaluation or a vote: managers only, while open, after the end date (or once everyone took part);
    the result is fixed and recorded."""
    _require_manager(by, item.org, act)
    _require_status(item, S.OPEN, act=act)
    _may_close(item, taken_part)
    item.status = S.CLOSED
    item.result = result()
    item.save(update_fields=["status", "result"])
    record(verb, actor=by, org=item.org, obj=item, data=item.result)
    public_changed("democracy")
    return item


def _publish(item, *, by, act: str, verb: str):
    """公布 the fixed result of a closed evaluation or vote."""
    _require_manager(by, item.org, act)
    _require_status(item, S.CLOSED, act=act)
    item.status = S.PUBLISHED
    item.published_at = now()
    item.save(update_fields=["status", "published_at"])
    record(verb, actor=by, org=item.org, obj=item, data=item.result)
    public_changed("democracy")
    return item


@transaction.atomic
def close_evaluation(evaluation: Evaluation, *, by) -> Evaluation:
    """结束评议: after the end date (or once every resident has graded); the counts are fixed."""
    evaluation = _lock_evaluation(evaluation)
    return _close(
        evaluation,
        by=by,
        act=gettext("结束评议"),
        taken_part=evaluation.ballots.count(),
        result=lambda: _evaluation_result(evaluation),
        verb="democracy.close_evaluation",
    )


@transaction.atomic
def publish_evaluation_results(evaluation: Evaluation, *, by) -> Evaluation:
    """公布评议结果: the counts per grade and the satisfaction rate (满意 + 基本满意) become public."""
    evaluation = _lock_evaluation(evaluation)
    return _publish(evaluation, by=by, act=gettext("公布评议结果"), verb="democracy.publish_evaluation")


# --- 村民议事 -------------------------------------------------------------------------------------------------------
def _lock_proposal(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update(of=("self",)).select_related("org").get(pk=proposal.pk)


def _options(options) -> list[str]:
    if options is None:
        return list(DEFAULT_OPTIONS)
    if isinstance(options, str):
        options = options.splitlines()
    cleaned = [str(o).strip() for o in options if str(o).strip()]
    if len(cleaned) < 2:
        raise refuse(gettext("表决至少要有两个选项。"), "too_few_options")
    if len(cleaned) > OPTIONS_MAX:
        raise refuse(gettext("表决最多 %(n)s 个选项。") % {"n": OPTIONS_MAX}, "too_many_options")
    if len(set(cleaned)) != len(cleaned):
        raise refuse(gettext("选项不能重复。"), "duplicate_options")
    if any(len(o) > OPTION_MAX for o in cleaned):
        raise refuse(gettext("每个选项不能超过 %(n)s 个字。") % {"n": OPTION_MAX}, "too_long")
    return cleaned


def _proposal_fields(title, text, options, start_on, end_on) -> dict:
    start_on, end_on = _dates(start_on, end_on)
    return {
        "title": _text(title, gettext("议题"), TITLE_MAX),
        "text": _text(text, gettext("议题内容"), TEXT_MAX),
        "options": _options(options),
        "start_on": start_on,
        "end_on": end_on,
    }


@transaction.atomic
def create_proposal(org: Org, *, by, title: str, text: str, start_on: date, end_on: date, options=None) -> Proposal:
    """起草议题 (a draft, not yet public). The first option passes the proposal (同意 by default)."""
    _require_village(org)
    _require_manager(by, org, gettext("起草议题"))
    proposal = Proposal.objects.create(
        org=org, created_by=by, **_proposal_fields(title, text, options, start_on, end_on)
    )
    record("democracy.create_proposal", actor=by, org=org, obj=proposal, data={"options": proposal.options})
    return proposal


@transaction.atomic
def update_proposal(
    proposal: Proposal, *, by, title: str, text: str, start_on: date, end_on: date, options=None
) -> Proposal:
    proposal = _lock_proposal(proposal)
    act = gettext("修改议题")
    _require_manager(by, proposal.org, act)
    _require_status(proposal, S.DRAFT, act=act)
    fields = _proposal_fields(title, text, options, start_on, end_on)
    for name, value in fields.items():
        setattr(proposal, name, value)
    proposal.save(update_fields=list(fields))
    record("democracy.update_proposal", actor=by, org=proposal.org, obj=proposal, data={"options": proposal.options})
    return proposal


@transaction.atomic
def delete_proposal(proposal: Proposal, *, by) -> None:
    proposal = _lock_proposal(proposal)
    act = gettext("删除议题")
    _require_manager(by, proposal.org, act)
    _require_status(proposal, S.DRAFT, act=act)
    record("democracy.delete_proposal", actor=by, org=proposal.org, obj=proposal, data={"title": proposal.title})
    proposal.delete()


@transaction.atomic
def open_proposal(proposal: Proposal, *, by) -> Proposal:
    """发起表决: the proposal becomes public and every registered resident of the village is told."""
    proposal = _lock_proposal(proposal)
    return _open(
        proposal,
        by=by,
        act=gettext("发起表决"),
        verb="democracy.open_proposal",
        subject=gettext("村民议事表决：%(title)s") % {"title": proposal.title},
        body=gettext("%(org)s就“%(title)s”发起表决，时间 %(start)s 至 %(end)s，每位登记居民一票。")
        % {
            "org": proposal.org.name,
            "title": proposal.title,
            "start": proposal.start_on.isoformat(),
            "end": proposal.end_on.isoformat(),
        },
        url=reverse("democracy:proposal", args=[proposal.pk]),
    )


@transaction.atomic
def cast_vote(proposal: Proposal, *, by, choice: int) -> Vote:
    """表决: an active resident of the village votes once, while the vote is open and within its dates."""
    proposal = _lock_proposal(proposal)
    resident = _require_resident(by, proposal.org)
    _require_open_today(proposal, gettext("表决"))
    if Vote.objects.filter(proposal=proposal, resident=resident).exists():
        raise Conflict(gettext("您已经投过票了，每位居民只能投一票。"), code="already_voted")
    if not isinstance(choice, int) or isinstance(choice, bool) or not 0 <= choice < len(proposal.options):
        raise refuse(gettext("请选择一个选项。"), "choice_required")
    try:
        with transaction.atomic():
            vote = Vote.objects.create(proposal=proposal, resident=resident, choice=choice)
    except IntegrityError:
        raise Conflict(gettext("您已经投过票了，每位居民只能投一票。"), code="already_voted") from None
    # The event says who voted, never for what (the counts are the result's).
    record("democracy.vote", actor=by, org=proposal.org, obj=proposal, data={})
    return vote


def proposal_result(proposal: Proposal, *, eligible: int, rule: str) -> dict:
    counts = [0] * len(proposal.options)
    for choice in proposal.votes.values_list("choice", flat=True):
        if 0 <= choice < len(counts):
            counts[choice] += 1
    votes = sum(counts)
    return {
        "counts": counts,
        "votes": votes,
        "eligible": eligible,
        "turnout": percent(votes, eligible),
        "rule": rule,
        "passed": passed(counts[0] if counts else 0, votes, eligible, rule),
    }


@transaction.atomic
def close_proposal(proposal: Proposal, *, by) -> Proposal:
    """结束表决: after the end date (or once every resident has voted); the residents registered now are the
    electorate the turnout and the pass rule count."""
    proposal = _lock_proposal(proposal)
    return _close(
        proposal,
        by=by,
        act=gettext("结束表决"),
        taken_part=proposal.votes.count(),
        result=lambda: proposal_result(proposal, eligible=eligible_count(proposal.org), rule=pass_rule()),
        verb="democracy.close_proposal",
    )


@transaction.atomic
def publish_results(proposal: Proposal, *, by) -> Proposal:
    """公布表决结果: the counts per option, the turnout and whether the proposal passed become public."""
    proposal = _lock_proposal(proposal)
    return _publish(proposal, by=by, act=gettext("公布表决结果"), verb="democracy.publish_results")
