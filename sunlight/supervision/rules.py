"""The conditions behind the supervision rules (services-and-supervision.md, 电子监察). A condition is code; its
severity, recipients and thresholds are data (`models.Rule`, versioned, effective from a date, published).

A condition is time-based when it can turn true with no act (a deadline passes): it then has `sweep`, a filter over
open `Watch` rows the nightly sweep runs set-based. Every condition has `check`: the same test on one object, run
when an act changes it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sunlight.cases.models import Case
from sunlight.cases.steps import plan

from .models import Kind, Phase, Severity

RECIPIENTS = {"handler": _("承办人"), "head": _("单位负责人（审批人）"), "supervisor": _("监察人员")}


@dataclass(frozen=True)
class Param:
    label: object
    low: int
    high: int
    default: int


@dataclass(frozen=True)
class Deadline:
    """A time-based condition: the watch's `field` (a date) has passed, in one of `phases` (any when empty). The
    same test as SQL for the sweep (`q`) and in Python for one object (`holds`)."""

    field: str
    phases: tuple[str, ...] = ()

    def q(self, today: date) -> Q:
        q = Q(**{f"{self.field}__lt": today})
        return q & Q(phase__in=self.phases) if self.phases else q

    def holds(self, watch, today: date) -> bool:
        day = getattr(watch, self.field)
        return day is not None and day < today and (not self.phases or watch.phase in self.phases)


@dataclass(frozen=True)
class Condition:
    code: str
    name: object
    description: object
    basis: str
    watches: tuple[str, ...]
    severity: str
    recipients: tuple[str, ...]
    params: dict[str, Param] = field(default_factory=dict)
    # Time-based: a deadline of the watch that has passed (the sweep's filter and evaluate's test), and the detail.
    deadline: Deadline | None = None
    detail: object = ""


CONDITIONS: dict[str, Condition] = {}


def condition(c: Condition) -> Condition:
    CONDITIONS[c.code] = c
    return c


WARNING = condition(
    Condition(
        "deadline_warning",
        _("临近期限预警（黄灯）"),
        _("剩余时间不超过设定的工作日数，或不超过时限的设定百分比时亮黄灯，提醒承办人。"),
        "",
        (Kind.CASE, Kind.STAGE, Kind.REQUEST, Kind.LETTER),
        Severity.REMINDER,
        ("handler",),
        {
            "days": Param(_("剩余工作日不超过"), 0, 30, 2),
            "percent": Param(_("剩余时间不超过时限的百分比"), 0, 90, 20),
            "special_days": Param(_("特别程序或中止最长工作日"), 1, 250, 30),
        },
    )
)
condition(
    Condition(
        "promised_overdue",
        _("超过承诺期限（红灯）"),
        _("超过承诺办结期限（或受理、送达、阶段期限）仍未办结，亮红灯。"),
        "",
        (Kind.CASE, Kind.STAGE, Kind.REQUEST),
        Severity.YELLOW_CARD,
        ("handler", "head"),
        deadline=Deadline("due_on"),
        detail=_("超过期限仍未办结"),
    )
)
condition(
    Condition(
        "statutory_overdue",
        _("超过法定期限"),
        _("超过法律规定的办理期限仍未办结。"),
        "《行政许可法》第四十二条；《政府信息公开条例》第三十三条",
        (Kind.CASE, Kind.STAGE, Kind.REQUEST),
        Severity.RED_CARD,
        ("handler", "head", "supervisor"),
        deadline=Deadline("legal_due_on"),
        detail=_("超过法定期限仍未办结"),
    )
)
condition(
    Condition(
        "step_overdue",
        _("环节超时"),
        _("办件整体仍在期限内，但当前环节已超过环节时限。"),
        "",
        (Kind.CASE,),
        Severity.REMINDER,
        ("handler",),
        deadline=Deadline("step_due_on", (Phase.HANDLE,)),
        detail=_("当前环节超过环节时限"),
    )
)
condition(
    Condition(
        "accept_late",
        _("逾期未作受理决定"),
        _("收到申请后五个工作日内未作出受理、不予受理或补正告知，依法自收到之日起视为受理。"),
        "《行政许可法》第三十二条",
        (Kind.CASE, Kind.STAGE),
        Severity.YELLOW_CARD,
        ("handler", "head"),
        deadline=Deadline("due_on", (Phase.ACCEPT,)),
        detail=_("逾期未作受理决定，视为受理"),
    )
)
condition(
    Condition(
        "forward_late",
        _("初审逾期上报"),
        _("下级机关未在二十日内将初步审查意见和全部申请材料报送上级机关。"),
        "《行政许可法》第四十三条",
        (Kind.CASE,),
        Severity.YELLOW_CARD,
        ("handler", "head"),
        deadline=Deadline("due_on", (Phase.REVIEW,)),
        detail=_("初审逾期未上报"),
    )
)
condition(
    Condition(
        "special_too_long",
        _("特别程序或中止超时"),
        _("特别程序（听证、检验、检测、专家评审等）或中止办理的时间超过设定的最长工作日。"),
        "《行政许可法》第四十五条",
        (Kind.CASE,),
        Severity.YELLOW_CARD,
        ("handler", "head"),
        deadline=Deadline("step_due_on", (Phase.SPECIAL,)),
        detail=_("特别程序或中止超过最长时间"),
    )
)
# 群众来信: the answering clock (a local setting per type) and the national 3-month rule (国办秘函〔2019〕19号) as two
# lines: an alarm when a valid letter is still unanswered N days after it arrived (default 60), and 督办 at the
# line none may pass (default 90). The watch carries them as step_due_on and legal_due_on.
condition(
    Condition(
        "letter_overdue",
        _("来信超过答复期限"),
        _("群众来信超过受理或答复期限仍未受理、答复。"),
        "",
        (Kind.LETTER,),
        Severity.YELLOW_CARD,
        ("handler", "head"),
        deadline=Deadline("due_on"),
        detail=_("来信超过期限仍未答复"),
    )
)
condition(
    Condition(
        "letter_unanswered_alarm",
        _("来信临近三个月未答复"),
        _("有效来信自收到之日起超过设定天数（默认60天）仍未答复；超过三个月未答复的，政府网站检查不合格。"),
        "国办秘函〔2019〕19号",
        (Kind.LETTER,),
        Severity.RED_CARD,
        ("handler", "head", "supervisor"),
        deadline=Deadline("step_due_on"),
        detail=_("来信超过60天仍未答复"),
    )
)
condition(
    Condition(
        "letter_unanswered_limit",
        _("来信超过三个月未答复"),
        _("有效来信自收到之日起超过三个月（默认90天）仍未答复。"),
        "国办秘函〔2019〕19号",
        (Kind.LETTER,),
        Severity.URGE,
        ("handler", "head", "supervisor"),
        deadline=Deadline("legal_due_on"),
        detail=_("来信超过三个月仍未答复"),
    )
)
condition(
    Condition(
        "repeat_correction",
        _("多次补正告知"),
        _("同一申请出具了不止一次补正告知，违反一次性告知。"),
        "《行政许可法》第三十二条",
        (Kind.CASE,),
        Severity.YELLOW_CARD,
        ("handler", "head", "supervisor"),
    )
)
condition(
    Condition(
        "material_not_in_guide",
        _("增加申请材料"),
        _("要求提交的材料不在办件所依据的事项版本（办事指南）之中。"),
        "",
        (Kind.CASE,),
        Severity.YELLOW_CARD,
        ("handler", "head", "supervisor"),
    )
)
condition(
    Condition(
        "flow_changed",
        _("擅自增减环节"),
        _("办理环节与事项版本公布的办理流程不一致（增加或跳过环节）。"),
        "",
        (Kind.CASE,),
        Severity.YELLOW_CARD,
        ("head", "supervisor"),
    )
)
condition(
    Condition(
        "refusal_without_reasons",
        _("不予许可未说明理由"),
        _("作出不予许可决定而没有说明理由。"),
        "《行政许可法》第三十八条",
        (Kind.CASE,),
        Severity.RED_CARD,
        ("handler", "head", "supervisor"),
    )
)
condition(
    Condition(
        "outside_system",
        _("体外循环"),
        _("先决定后受理，或未受理即作出决定：办件没有在系统内依次办理。"),
        "",
        (Kind.CASE,),
        Severity.RED_CARD,
        ("head", "supervisor"),
    )
)
condition(
    Condition(
        "fee_not_in_standard",
        _("违规收费"),
        _("收取的费用不在事项版本公布的收费项目中、事项公布为不收费，或金额与公布的标准不一致。"),
        "《行政许可法》第五十八条、第五十九条",
        (Kind.CASE,),
        Severity.RED_CARD,
        ("handler", "head", "supervisor"),
    )
)
condition(
    Condition(
        "certificate_without_case",
        _("体外循环：证照没有对应办件"),
        _("发放的电子证照找不到对应的办件：结果在系统外产生。"),
        "",
        (Kind.CERTIFICATE,),
        Severity.RED_CARD,
        ("head", "supervisor"),
    )
)
condition(
    Condition(
        "refused_twice",
        _("同一申请人同一事项多次被拒"),
        _("同一申请人就同一事项在设定天数内两次被不予受理或不予许可。"),
        "",
        (Kind.CASE,),
        Severity.REMINDER,
        ("head", "supervisor"),
        {"days": Param(_("天数"), 1, 365, 30)},
    )
)
condition(
    Condition(
        "request_replied_late",
        _("依申请公开逾期答复"),
        _("政府信息公开申请在答复期限之后才答复。"),
        "《政府信息公开条例》第三十三条",
        (Kind.REQUEST,),
        Severity.YELLOW_CARD,
        ("handler", "head"),
    )
)


def case_findings(case: Case, params_of) -> list[tuple[str, str, str]]:
    """(code, key, detail) for the act-based conditions that hold for the case."""
    found: list[tuple[str, str, str]] = []
    if case.repeat_correction:
        last = (case.correction_reasons or [{}])[-1]
        found.append(
            (
                "repeat_correction",
                "",
                _("第%(n)s次补正告知，理由：%(r)s") % {"n": case.corrections, "r": last.get("repeat_reason") or "—"},
            )
        )
    if case.accepted_by_default:
        found.append(("accept_late", "", str(_("逾期未作受理决定，视为受理"))))
    guide = {str(m.get("name", "")).strip() for m in (case.version.guide or {}).get("materials", [])}
    for name in sorted({m.name for m in case.materials.all()} - guide):
        found.append(("material_not_in_guide", name[:60], _("材料“%(m)s”不在事项版本的材料清单中") % {"m": name}))
    if case.accepted_on:
        found.extend(_flow(case))
    for t in case.transfers.all():
        if not t.on_time:
            found.append(("forward_late", f"t{t.pk}", str(_("初审逾期上报"))))
    found.extend(_fees(case))
    if case.decision == Case.Decision.REFUSED and not case.decision_text.strip():
        found.append(("refusal_without_reasons", "", str(_("不予许可决定没有说明理由"))))
    if case.decided_on and (case.accepted_on is None or case.decided_on < case.accepted_on):
        found.append(
            (
                "outside_system",
                "",
                _("决定日期 %(d)s 早于受理日期 %(a)s") % {"d": case.decided_on, "a": case.accepted_on or "—"},
            )
        )
    if _refused(case) and case.id_number_index:
        days = params_of("refused_twice").get("days", 30)
        since = (case.decided_on or case.received_on) - timedelta(days=days)
        earlier = (
            Case.objects.filter(item_id=case.item_id, id_number_index=case.id_number_index, received_on__gte=since)
            .filter(Q(decision=Case.Decision.REFUSED) | Q(status=Case.Status.NOT_ACCEPTED))
            .exclude(pk=case.pk)
            .order_by("-received_on")
            .first()
        )
        if earlier is not None:
            found.append(
                ("refused_twice", "", _("%(days)s天内第二次被拒，前一次：%(n)s") % {"days": days, "n": earlier.number})
            )
    return [(c, k, str(d)) for c, k, d in found]


AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*元")


def _fees(case: Case) -> list[tuple[str, str, str]]:
    """Each fee charged against the version's published fees: not published, charged for a free item, or not the
    published amount (when the standard states one, e.g. "10元/本")."""
    version = case.version
    published = {
        str(f.get("name", "")).strip(): str(f.get("standard", "")) for f in (version.guide or {}).get("fees", [])
    }
    found = []
    for fee in case.fees.all():
        key = f"fee{fee.pk}"
        if not version.charges_fee:
            found.append(
                (
                    "fee_not_in_standard",
                    key,
                    _("事项公布为不收费，却收取“%(n)s”%(a)s元") % {"n": fee.name, "a": fee.amount},
                )
            )
        elif fee.name not in published:
            found.append(("fee_not_in_standard", key, _("收费项目“%(n)s”不在公布的收费标准中") % {"n": fee.name}))
        else:
            m = AMOUNT.search(published[fee.name])
            if m and Decimal(m.group(1)) != fee.amount:
                found.append(
                    (
                        "fee_not_in_standard",
                        key,
                        _("“%(n)s”收取%(a)s元，公布的标准为%(s)s")
                        % {"n": fee.name, "a": fee.amount, "s": published[fee.name]},
                    )
                )
    return found


def certificate_findings(cert, params_of) -> list[tuple[str, str, str]]:
    """体外循环: a certificate that no case issued (its source names no case and no case points at it)."""
    from sunlight.cases.models import Case as C

    if cert.cases.exists() or (cert.source_ref and C.objects.filter(number=cert.source_ref).exists()):
        return []
    return [("certificate_without_case", "", str(_("证照 %(n)s 没有对应的办件") % {"n": cert.number}))]


def _refused(case: Case) -> bool:
    return case.decision == Case.Decision.REFUSED or case.status == Case.Status.NOT_ACCEPTED


def _flow(case: Case) -> list[tuple[str, str, str]]:
    planned = [p.name for p in plan(case.version)]
    steps = [s for s in case.steps.all() if s.org_id is None]
    if not steps:  # done on the spot (即办件): no steps to compare
        return []
    names = [s.name for s in steps]
    found = []
    added = [n for n in names if n not in planned]
    missing = [n for n in planned if n not in names]
    skipped = [s.name for i, s in enumerate(steps) if s.done_on is None and any(t.done_on for t in steps[i + 1 :])]
    if added or missing or skipped:
        parts = []
        if added:
            parts.append(_("增加环节：%(s)s") % {"s": "、".join(added)})
        if missing or skipped:
            parts.append(_("跳过环节：%(s)s") % {"s": "、".join(missing + skipped)})
        found.append(("flow_changed", "", "；".join(str(p) for p in parts)))
    return found


def request_findings(req, params_of) -> list[tuple[str, str, str]]:
    if req.replied_on and req.due_on and req.replied_on > req.due_on:
        return [
            (
                "request_replied_late",
                "",
                str(_("答复日期 %(r)s 晚于答复期限 %(d)s") % {"r": req.replied_on, "d": req.due_on}),
            )
        ]
    return []


FINDERS = {Kind.CASE: case_findings, Kind.REQUEST: request_findings}
