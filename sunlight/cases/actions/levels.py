"""Cases across levels (三级运行, 邳州; 上报件): an item one org decides, accepted by an org below it.

A village service point (村代办点) registers an application on behalf of a resident and forwards it to its
township (转交受理); a township or county (or a lower department) accepts it (Art. 32, at the lower level), does
the preliminary review within its own limit (Art. 43: 20 working days) and reports it to the deciding org (上报),
or forwards it upward with guidance (指导办); the deciding org handles and decides it with its own step limits.
The statutory clock runs from acceptance across the hand-over; the applicant follows one case whoever holds it.

Rules (see also rules.can_act and rules.hand_to): while a lower level holds the case (`case.with_lower_level`)
only that level acts on it and its to-dos go there; once forwarded, only the deciding org (and its center).
Every hand-over is a CaseTransfer; each level sees the cases it touched (queries.staff_cases).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext

from sunlight.catalog.models import ServiceItem
from sunlight.errors import Conflict, refuse
from sunlight.events.log import record
from sunlight.orgs import scope
from sunlight.orgs.models import Org, Role

from .. import days, law
from .. import steps as step_plan
from ..models import Case, CaseTransfer, HandlingWay
from ..uploads import no_files_left_on_failure
from .intake import Submission, _center_for, _intake
from .rules import CLERK_ROLES, hand_to, lock, pass_step, require_reason, require_status, step_roles, tell_applicant

PRELIMINARY = "初审"
T = CaseTransfer.Kind


# --- the tree ------------------------------------------------------------------------------------------------------


def _ids(org: Org) -> list[int]:
    return [int(part) for part in org.path.strip("/").split("/") if part]


def governing(org: Org) -> Org:
    """The people's government an org belongs to: itself, or the nearest government above it (a department's, a
    service center's, a village committee's)."""
    if org.kind == Org.Kind.GOVERNMENT:
        return org
    above = {o.pk: o for o in Org.objects.filter(pk__in=_ids(org)[:-1], kind=Org.Kind.GOVERNMENT)}
    for pk in reversed(_ids(org)[:-1]):
        if pk in above:
            return above[pk]
    return org


def is_below(lower: Org, gov: Org) -> bool:
    """`lower` lies under a lower-level government of `gov` (a district, township or village, or one of their
    departments) — not `gov` itself nor one of its own departments."""
    return lower.path.startswith(gov.path) and governing(lower).pk != gov.pk


def on_the_path_up(lower: Org, target: Org) -> bool:
    """`target` lies on the tree path above `lower`: an ancestor, or a department (or center) of an ancestor."""
    if target.pk == lower.pk:
        return False
    if lower.path.startswith(target.path):
        return True
    anchor = target.parent if target.kind != Org.Kind.GOVERNMENT else None
    return anchor is not None and anchor.pk != lower.pk and lower.path.startswith(anchor.path)


def _clerk_posts(user) -> list[Org]:
    """The orgs where the user holds a receiving post themselves (an admin's subtree does not make them a window)."""
    return [m.org for m in scope.memberships(user) if m.role in CLERK_ROLES]


def lower_level_posts(user, item: ServiceItem) -> list[Org]:
    """The orgs below the item's deciding government where the user is a clerk: where they may register it."""
    gov = governing(item.org)
    return [org for org in _clerk_posts(user) if is_below(org, gov)]


def registers_below(user, item: ServiceItem) -> Org | None:
    """Where the user registers the item as a lower level: their post below its government, unless they receive
    it anyway (a clerk of its org or of its region's service center registers it the ordinary way)."""
    center = _center_for(item.org)
    if any(org is not None and scope.can_act(user, org, CLERK_ROLES) for org in (item.org, center)):
        return None
    posts = lower_level_posts(user, item)
    return posts[0] if posts else None


def upper_items_q(user) -> Q:
    """The items a lower-level clerk may register for the governments above their own (their departments
    included): a filter on ServiceItem."""
    above: set[int] = set()
    for org in _clerk_posts(user):
        above.update(_ids(governing(org))[:-1])
    if not above:
        return Q(pk__in=[])
    return Q(org_id__in=sorted(above)) | (Q(org__parent_id__in=sorted(above)) & ~Q(org__kind=Org.Kind.GOVERNMENT))


def plan_for_case(case: Case) -> list[step_plan.PlannedStep]:
    """The steps after acceptance: the lower level's 初审 first (Art. 43, its own 20 working days) for a case
    accepted below, then the version's process at the deciding org."""
    planned = step_plan.plan(case.version)
    if case.level_org_id is not None:
        first = step_plan.PlannedStep(PRELIMINARY, Role.HANDLER, law.PRELIMINARY_REVIEW_DAYS, case.level_org_id)
        planned = [first, *planned]
    return planned


# --- the acts ------------------------------------------------------------------------------------------------------


@no_files_left_on_failure
@transaction.atomic
def register_for_upper_level(
    item: ServiceItem, submission: Submission, *, by, at_org: Org, applicant_user=None
) -> tuple[Case, str]:
    """下级代收: a clerk of an org below the item's deciding government registers an application for it. At a village
    service point (committee) the clerk registers on behalf of the resident (代办) and the case goes to the
    township for acceptance at once (转交受理); a township or county clerk registers a case their org accepts.
    Returns (case, query code) like register_at_window."""
    item = ServiceItem.objects.select_related("org").get(pk=item.pk)
    at_org = Org.objects.get(pk=at_org.pk)
    if not scope.can_act(by, at_org, CLERK_ROLES):
        raise PermissionDenied(gettext("只有“%(org)s”的窗口人员可以在该处登记申请。") % {"org": at_org.name})
    gov = governing(item.org)
    if not is_below(at_org, gov):
        raise refuse(
            gettext("“%(org)s”不是“%(decider)s”的下级机构，不能代收该事项的申请（请在实施机关或其政务服务中心登记）。")
            % {"org": at_org.name, "decider": item.org.name},
            "org_not_below",
        )
    village = at_org.kind == Org.Kind.COMMITTEE
    level = governing(at_org) if village else at_org
    if village and not is_below(level, gov):
        raise refuse(gettext("该村（社区）所属乡镇不在实施机关的下级。"), "org_not_below")
    case, code = _intake(
        item, submission, channel=Case.Channel.WINDOW, version=None, user=applicant_user, at_window=True
    )
    if case.is_on_the_spot:
        raise refuse(gettext("即办件由实施机关当场办结，不经下级受理上报。"), "on_the_spot")
    case.level_org = level
    if village and not case.agent_name:
        case.agent_name = gettext("%(org)s代办员 %(name)s") % {
            "org": at_org.short_name or at_org.name,
            "name": getattr(by, "display_name", "") or by.get_username(),
        }
    case.save(update_fields=["level_org", "agent_name", "updated_at"])
    record(
        "cases.register",
        actor=by,
        org=at_org,
        obj=case,
        data={"item": item.code, "at_org": at_org.name, "level_org": level.name, "decided_by": item.org.name},
    )
    if village:
        CaseTransfer.objects.create(
            case=case, kind=T.FORWARD, from_org=at_org, to_org=level, by=by, on=days.today(), due_on=case.accept_due_on
        )
        record(
            "cases.transfer",
            actor=by,
            org=at_org,
            obj=case,
            data={"kind": T.FORWARD, "from": at_org.name, "to": level.name, "due_on": str(case.accept_due_on)},
        )
    hand_to(case, level.pk, CLERK_ROLES, gettext("受理"), case.accept_due_on)
    return case, code


def _target(to_org) -> Org:
    if isinstance(to_org, Org):
        return to_org
    target = Org.objects.filter(pk=to_org, is_active=True).first() if isinstance(to_org, int) else None
    if target is None:
        raise refuse(gettext("请选择接收上报的机构。"), "bad_org")
    return target


@transaction.atomic
def transfer_case(case: Case, *, by, to_org: Org | int | None, kind: str = T.REPORT, opinion: str) -> Case:
    """上报 / 指导办 (Art. 43): the lower level that accepted the case ends its preliminary review (初审) with its
    opinion and hands the case and all its materials to the deciding org, whose first step starts today with its
    own limit. The statutory clock is not reset. 指导办 forwards it upward with guidance (way = 指导办)."""
    case = lock(case)
    if case.level_org_id is None:
        raise refuse(gettext("该办件由实施机关直接受理，无需上报。"), "not_lower_level")
    if case.forwarded_on is not None:
        raise Conflict(
            gettext("该办件已于 %(day)s 上报“%(org)s”，下级机构不能再办理。")
            % {"day": case.forwarded_on.isoformat(), "org": case.org.name},
            code="already_forwarded",
        )
    require_status(case, Case.Status.HANDLING, act=gettext("上报"))
    step = case.current_step()
    if step is None or step.org_id != case.level_org_id:
        raise Conflict(gettext("该办件不在下级初审环节，不能上报。"), code="not_at_preliminary")
    if not scope.can_act(by, case.level_org, step_roles(step.role)):
        raise PermissionDenied(
            gettext("上报须由“%(org)s”的%(role)s办理。") % {"org": case.level_org.name, "role": Role(step.role).label}
        )
    if kind not in (T.REPORT, T.GUIDE):
        raise refuse(gettext("移交方式只能是“上报”或“指导办”。"), "bad_kind")
    opinion = require_reason(opinion, gettext("初审意见") if kind == T.REPORT else gettext("指导意见"))
    target = _target(to_org)
    if not on_the_path_up(case.level_org, target):
        raise refuse(
            gettext("“%(to)s”不在“%(from)s”向上的层级路径上，不能上报（只能上报上级人民政府或其工作部门）。")
            % {"to": target.name, "from": case.level_org.name},
            "org_not_on_path",
        )
    if target.pk != case.org_id:
        raise refuse(gettext("本件的决定机关是“%(org)s”，请上报该机关。") % {"org": case.org.name}, "not_deciding_org")
    today = days.today()
    on_time = step.due_on is None or today <= step.due_on
    following = pass_step(case, step, by, opinion, today)
    case.forwarded_on = today
    fields = ["step_index", "forwarded_on", "updated_at"]
    if kind == T.GUIDE:
        case.way = HandlingWay.GUIDED
        fields.append("way")
    case.save(update_fields=fields)
    CaseTransfer.objects.create(
        case=case,
        kind=kind,
        from_org=case.level_org,
        to_org=target,
        by=by,
        on=today,
        opinion=opinion[:4000],
        due_on=following.due_on,
        on_time=on_time,
    )
    record(
        "cases.transfer",
        actor=by,
        org=case.level_org,
        obj=case,
        data={"kind": kind, "from": case.level_org.name, "to": target.name, "on_time": on_time},
    )
    hand_to(case, case.org_id, (following.role,), following.name, following.due_on)
    tell_applicant(
        case,
        gettext("您的申请已由%(from)s初审并上报%(to)s审查决定（%(number)s）")
        % {"from": case.level_org.name, "to": target.name, "number": case.number},
    )
    return case


# --- what the pages show -------------------------------------------------------------------------------------------


def levels_chain(case: Case) -> list[dict]:
    """The levels a case passed through, in order, for the staff and applicant pages (办理层级): the village
    service point that registered it, the lower level that accepted it, the deciding org; which holds it now.
    Empty for a case its deciding org accepted itself."""
    if case.level_org_id is None:
        return []
    transfers = list(case.transfers.select_related("from_org", "to_org", "by"))
    chain = []
    forward = next((t for t in transfers if t.kind == T.FORWARD), None)
    if forward is not None:
        chain.append(
            {"org": forward.from_org, "role": gettext("代为登记"), "since": case.received_on, "until": forward.on}
        )
    report = next((t for t in transfers if t.kind != T.FORWARD), None)
    chain.append(
        {
            "org": case.level_org,
            "role": gettext("受理、初审"),
            "since": forward.on if forward else case.received_on,
            "until": case.forwarded_on,
            "transfer": report,
        }
    )
    chain.append(
        {
            "org": case.org,
            "role": gettext("审查决定"),
            "since": case.forwarded_on,
            "until": case.decided_on,
        }
    )
    holder = case.holder_id if case.is_open else None
    for link in chain:
        link["current"] = link["org"].pk == holder
    return chain


def transfer_targets(case: Case) -> list[Org]:
    """The orgs a lower level may report this case to: the deciding org, if it is on the path above (the form's
    only choice; the act checks again)."""
    if case.level_org_id is None or not on_the_path_up(case.level_org, case.org):
        return []
    return [case.org]


__all__ = [
    "PRELIMINARY",
    "governing",
    "is_below",
    "levels_chain",
    "lower_level_posts",
    "on_the_path_up",
    "plan_for_case",
    "upper_items_q",
    "register_for_upper_level",
    "registers_below",
    "transfer_case",
    "transfer_targets",
]
