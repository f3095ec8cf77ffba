"""After acceptance: the steps (承办 → 审核 → 批准), the decision (Art. 38), the extension (Art. 42), special
procedures not counted (Art. 45), suspension, and delivery within 10 working days (Art. 44)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext

from sunlight.certificates.actions import issue_certificate
from sunlight.clock.calendar import get_calendar
from sunlight.errors import Conflict, refuse
from sunlight.events.log import record
from sunlight.notify.todos import close_todos
from sunlight.orgs import scope
from sunlight.orgs.models import Role

from .. import days, law
from ..models import Case, CaseStep, HandlingWay
from ..notices import SPECIAL_PROCEDURES, K, issue_notice
from .joint_rules import last_pause, shift_current_step
from .rules import (
    APPROVER_ROLES,
    CLERK_ROLES,
    HANDLING_ROLES,
    apply_clock,
    hand_to,
    lock,
    pass_step,
    require_reason,
    require_staff,
    require_status,
    step_roles,
    tell_applicant,
    todo_key,
)

RUNNING = (Case.Status.HANDLING,)


def _current(case: Case) -> CaseStep:
    step = case.current_step()
    if step is None:
        raise Conflict(gettext("该办件没有待办理的环节。"), code="no_step")
    return step


def _require_step_actor(case: Case, step: CaseStep, by) -> None:
    org = step.org if step.org_id else case.org  # a lower level's 初审 is that level's step
    if not scope.can_act(by, org, step_roles(step.role)):
        raise PermissionDenied(
            gettext("“%(step)s”环节须由%(org)s的%(role)s办理。")
            % {"step": step.name, "org": org.name, "role": Role(step.role).label}
        )
    if case.steps.filter(done_by=by).exclude(pk=step.pk).exists():
        raise refuse(gettext("同一办件的不同环节须由不同人员办理：您已办理过本件的前一环节。"), "same_person")


@transaction.atomic
def complete_step(case: Case, *, by, opinion: str) -> Case:
    """承办 / 审核: the current step's holder records their opinion and passes the case on."""
    case = lock(case)
    require_status(case, *RUNNING, act=gettext("办理环节"))
    step = _current(case)
    if step.role == Role.APPROVER:
        raise refuse(gettext("批准环节请作出审批决定。"), "decide_instead")
    if step.org_id is not None and step.org_id != case.org_id:
        raise refuse(
            gettext("“%(step)s”是下级受理机构的环节，请由该机构“上报”决定机关（行政许可法第四十三条）。")
            % {"step": step.name},
            "transfer_instead",
        )
    _require_step_actor(case, step, by)
    opinion = require_reason(opinion, gettext("办理意见"))
    following = pass_step(case, step, by, opinion, days.today())
    case.save(update_fields=["step_index", "updated_at"])
    record("cases.step", actor=by, org=case.org, obj=case, data={"step": step.name, "on_time": not step.is_overdue})
    hand_to(case, case.org_id, (following.role,), following.name, following.due_on)
    return case


@transaction.atomic
def decide_case(case: Case, *, by, granted: bool, text: str = "", certificate: dict | None = None) -> Case:
    """审批决定 (准予 / 不予, Art. 38): by the approver, who may not be anyone who handled an earlier step. A refusal
    states its reasons; the applicant's remedies are printed. A grant may issue an e-certificate (电子证照)."""
    case = lock(case)
    require_status(case, *RUNNING, act=gettext("作出审批决定"))
    step = _current(case)
    if step.role != Role.APPROVER:
        raise refuse(gettext("办件尚在“%(step)s”环节，不能作出决定。") % {"step": step.name}, "not_at_approval")
    _require_step_actor(case, step, by)
    text = (text or "").strip()
    if not granted:
        require_reason(text, gettext("不予准予的理由"))
    today = days.today()
    step.done_on, step.done_by, step.opinion = today, by, text[:4000] or gettext("准予")
    step.save(update_fields=["done_on", "done_by", "opinion"])
    case.decision = Case.Decision.GRANTED if granted else Case.Decision.REFUSED
    case.decision_text = text[:4000]
    case.decided_on = today
    case.decided_by = by
    case.delivery_due_on = get_calendar().add(today, law.DELIVERY_DAYS, "working")
    case.status = Case.Status.DECIDED
    case.save()
    context = {"decision_text": case.decision_text}
    # The result of a granted item whose result is a certificate (证照) is that certificate, issued with the decision.
    issues = (case.version.guide or {}).get("result", {}).get("type") == "certificate" or certificate is not None
    issued = _issue_certificate(case, by, certificate or {}) if granted and issues else None
    if issued is not None:
        context.update(certificate_number=issued.number, certificate_name=issued.name)
    issue_notice(case, K.DECISION, on=today, context=context)
    record(
        "cases.decide",
        actor=by,
        org=case.org,
        obj=case,
        data={"granted": granted, "certificate": getattr(issued, "number", "")},
    )
    hand_to(case, (case.center or case.org).pk, CLERK_ROLES, gettext("送达"), case.delivery_due_on)
    tell_applicant(case, gettext("您的申请已作出决定（%(number)s）") % {"number": case.number})
    return case


def _issue_certificate(case: Case, by, data: dict):
    name = data.get("name") or (case.version.guide or {}).get("result", {}).get("name") or case.version.name
    certificate = issue_certificate(
        org=case.org,
        name=str(name)[:100],
        holder_name=case.applicant_name,
        holder_id_number=case.id_number,
        scope=str(data.get("scope") or case.version.name)[:2000],
        valid_from=data.get("valid_from") or days.today(),
        valid_until=data.get("valid_until"),
        by=by,
        item=case.item,
        holder_user=case.applicant_user,
        source_ref=case.number,
    )
    case.certificate = certificate
    case.save(update_fields=["certificate"])
    return certificate


@transaction.atomic
def extend_case(case: Case, *, by, reason: str) -> Case:
    """延长审批期限 (Art. 42): once, by 10 working days, approved by the head (an approver of the org) in their own
    session; the approver is recorded and the applicant told in writing."""
    case = lock(case)
    if not scope.can_act(by, case.org, APPROVER_ROLES):
        raise PermissionDenied(gettext("延长审批期限须经本机关负责人（审批人）批准。"))
    require_status(case, *RUNNING, Case.Status.SPECIAL, Case.Status.SUSPENDED, act=gettext("延长期限"))
    if case.extended_days:
        raise refuse(gettext("审批期限只能延长一次（行政许可法第四十二条）。"), "already_extended")
    reason = require_reason(reason, gettext("延期理由"))
    today = days.today()
    apply_clock(case, "extend", today, reason, days=law.EXTENSION_DAYS)
    case.extended_days = law.EXTENSION_DAYS
    case.extension_approver = by
    case.save()
    issue_notice(case, K.EXTENSION, on=today, context={"reason": reason, "days": law.EXTENSION_DAYS})
    record("cases.extend", actor=by, org=case.org, obj=case, data={"days": law.EXTENSION_DAYS, "reason": reason})
    tell_applicant(case, gettext("您的申请审批期限已延长（%(number)s）") % {"number": case.number})
    return case


@transaction.atomic
def start_special_procedure(case: Case, *, by, procedure: str, reason: str, expected_days: int = 0) -> Case:
    """特别程序 (Art. 45): hearing, inspection, testing, expert review or public notice; the time is not counted
    and the applicant is told in writing."""
    case = lock(case)
    require_staff(by, case, HANDLING_ROLES, gettext("启动特别程序"))
    require_status(case, *RUNNING, act=gettext("启动特别程序"))
    if procedure not in SPECIAL_PROCEDURES:
        raise refuse(gettext("特别程序的种类不在可选范围内。"), "bad_procedure")
    reason = require_reason(reason, gettext("启动特别程序的理由"))
    today = days.today()
    name = SPECIAL_PROCEDURES[procedure]
    apply_clock(case, "pause", today, f"特别程序：{name}")
    case.status = Case.Status.SPECIAL
    case.pause_reason = f"{name}：{reason}"[:300]
    case.save()
    issue_notice(
        case,
        K.SPECIAL,
        on=today,
        context={"procedure": name, "reason": reason, "expected_days": max(0, int(expected_days or 0))},
    )
    record("cases.special", actor=by, org=case.org, obj=case, data={"procedure": procedure, "reason": reason})
    tell_applicant(case, gettext("您的申请进入特别程序（%(number)s）") % {"number": case.number})
    return case


@transaction.atomic
def suspend_case(case: Case, *, by, reason: str) -> Case:
    """挂起 (中止): the case waits for something outside it; the time is not counted; the applicant is told."""
    case = lock(case)
    require_staff(by, case, HANDLING_ROLES, gettext("中止办理"))
    require_status(case, *RUNNING, act=gettext("中止办理"))
    reason = require_reason(reason, gettext("中止办理的原因"))
    today = days.today()
    apply_clock(case, "pause", today, f"中止：{reason}"[:200])
    case.status = Case.Status.SUSPENDED
    case.pause_reason = reason[:300]
    case.save()
    issue_notice(case, K.SUSPENSION, on=today, context={"reason": reason})
    record("cases.suspend", actor=by, org=case.org, obj=case, data={"reason": reason})
    tell_applicant(case, gettext("您的申请已中止办理（%(number)s）") % {"number": case.number})
    return case


@transaction.atomic
def resume_case(case: Case, *, by, note: str = "") -> Case:
    """The special procedure has ended or the cause of suspension is gone: the clock runs on from today."""
    case = lock(case)
    require_staff(by, case, HANDLING_ROLES, gettext("恢复办理"))
    require_status(case, Case.Status.SPECIAL, Case.Status.SUSPENDED, act=gettext("恢复办理"))
    today = days.today()
    paused_on = last_pause(case)
    apply_clock(case, "resume", today, (note or "恢复办理")[:200])
    shift_current_step(case, paused_on)
    case.status = Case.Status.HANDLING
    case.pause_reason = ""
    case.save()
    record("cases.resume", actor=by, org=case.org, obj=case, data={"note": (note or "")[:300]})
    step = case.steps.filter(index=case.step_index).first()
    if step is not None:
        hand_to(case, case.org_id, (step.role,), step.name, step.due_on)
    tell_applicant(case, gettext("您的申请已恢复办理（%(number)s）") % {"number": case.number})
    return case


DELIVERY_METHODS = ("窗口领取", "邮寄送达", "电子送达", "当场领取")


@transaction.atomic
def deliver_result(case: Case, *, by, method: str) -> Case:
    """送达 (Art. 44): the result reaches the applicant; the case is closed (办结)."""
    case = lock(case)
    require_staff(by, case, CLERK_ROLES, gettext("送达"))
    if case.way == HandlingWay.JOINT:
        raise refuse(gettext("并联审批的办件由牵头窗口在阶段办结后统一出件。"), "joint_delivery")
    return deliver(case, by=by, method=method)


def deliver(case: Case, *, by, method: str) -> Case:
    """The delivery itself, for a locked case whose clerk has been checked (here, or by the stage's lead window)."""
    require_status(case, Case.Status.DECIDED, act=gettext("送达"))
    if method not in DELIVERY_METHODS:
        raise refuse(gettext("送达方式不在可选范围内。"), "bad_method")
    today = days.today()
    case.status = Case.Status.DELIVERED
    case.delivered_on = today
    case.delivery_method = method
    case.closed_at = days.now()
    case.save(update_fields=["status", "delivered_on", "delivery_method", "closed_at", "updated_at"])
    issue_notice(case, K.DELIVERY, on=today, context={"method": method})
    record(
        "cases.deliver",
        actor=by,
        org=case.org,
        obj=case,
        data={"method": method, "on_time": case.delivery_due_on is None or today <= case.delivery_due_on},
    )
    close_todos(prefix=todo_key(case))
    tell_applicant(case, gettext("您的申请已办结，结果已送达（%(number)s）") % {"number": case.number})
    return case
