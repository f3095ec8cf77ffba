"""延期答复 (Art. 33): the handler asks, the head of the disclosure office approves or refuses in their own session."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from sunlight.errors import refuse
from sunlight.events.log import record
from sunlight.orgs import scope

from .. import duties, law
from ..models import Extension, InfoRequest
from ..notices import issue_notice
from ..roles import APPROVER_ROLES
from .common import decide, send_back
from .rules import S, clock_of, decides_own, lock, require_approver, require_handler, require_open, save_clock


def _check_extension(info_request: InfoRequest, days: int, reason: str, on: date) -> None:
    """What the law asks of an extension (Art. 33), checked when it is asked for and again when it is approved."""
    allowed = law.limit(law.EXTENSION).days
    if info_request.extended_days:
        raise refuse(gettext("该申请已经延期，不能再次延期。"), "already_extended")
    if info_request.status != S.PROCESSING:
        raise refuse(
            gettext("申请当前状态为“%(status)s”，计时暂停，不能延期。") % {"status": info_request.get_status_display()},
            "bad_state",
        )
    if not 0 < days <= allowed:
        raise refuse(gettext("延长的期限最长不超过%(allowed)s个工作日。") % {"allowed": allowed}, "bad_request")
    if not reason.strip():
        raise refuse(gettext("请写明延期理由。"), "bad_request")
    if info_request.due_on and on > info_request.due_on:
        raise refuse(
            gettext("答复期限已过（%(day)s），不能再延期：延期须在答复期限届满前经批准。")
            % {"day": info_request.due_on.isoformat()},
            "too_late",
        )


@transaction.atomic
def extend(
    info_request: InfoRequest, *, by, approved_by, days: int, reason: str, on: date | None = None
) -> InfoRequest:
    """延期答复 (Art. 33), the statutory act: at most 20 more working days, approved by the head of the disclosure
    office (recorded), the applicant told by an extension notice. Once, and before the deadline. `by` is the handler
    who asked for it; the doors never call this directly — it runs from approve_extension, in the approver's session."""
    info_request = lock(info_request)
    require_handler(by, info_request)
    require_open(info_request)
    on = on or timezone.localdate()
    if approved_by is None or not scope.can_act(approved_by, info_request.org, APPROVER_ROLES):
        raise refuse(
            gettext("延期须经政府信息公开工作机构负责人（本机关审批人、审核人或管理员）同意。"),
            "extension_not_approved",
        )
    _check_extension(info_request, days, reason, on)
    clock = clock_of(info_request).extend(days, reason, on)
    clock.due_date  # noqa: B018 - the notice states the new deadline: beyond the loaded calendar this refuses (4xx), never guesses
    info_request.extended_days = days
    save_clock(info_request, clock, "extended_days")
    record(
        "requests.extend",
        actor=by,
        org=info_request.org,
        obj=info_request,
        data={
            "days": days,
            "reason": reason,
            "approved_by": approved_by.get_username(),
            "due_on": info_request.due_on.isoformat(),
        },
    )
    issue_notice(
        info_request,
        "extension",
        on=on,
        context={"days": days, "reason": reason.strip(), "due_on": info_request.due_on},
    )
    return info_request


def extension_key(extension: Extension) -> str:
    """Under the request's key, so closing the request closes it (duties.close_request)."""
    return duties.request_key(extension.request, f"extension:{extension.pk}")


@transaction.atomic
def request_extension(info_request: InfoRequest, *, by, days: int, reason: str, on: date | None = None) -> Extension:
    """延期申请: the handler asks the head of the disclosure office for more days, with the reason. Nothing changes
    on the clock yet; the approvers of the agency get a to-do linking to the request page."""
    info_request = lock(info_request)
    require_handler(by, info_request)
    require_open(info_request)
    on = on or timezone.localdate()
    reason = (reason or "").strip()
    if info_request.extensions.filter(status=Extension.Status.PENDING).exists():
        raise refuse(gettext("已有一项延期申请等待批准。"), "extension_pending")
    _check_extension(info_request, days, reason, on)
    extension = Extension.objects.create(
        request=info_request, days=days, reason=reason, requested_by=by, requested_on=on
    )
    record(
        "requests.extension_requested",
        actor=by,
        org=info_request.org,
        obj=info_request,
        data={"extension": extension.pk, "days": days, "reason": reason, "on": on.isoformat()},
    )
    duties.tell(
        info_request,
        extension_key(extension),
        f"审批延期申请：{info_request.number}（延长{days}个工作日）",
        roles=APPROVER_ROLES,
        level="warning",
        due=info_request.due_on,
        detail=reason[:200],
    )
    return extension


def _lock_pending_extension(extension: Extension, by) -> tuple[InfoRequest, Extension]:
    info_request = InfoRequest.objects.select_for_update().get(pk=extension.request_id)
    extension = Extension.objects.select_for_update().get(pk=extension.pk)
    require_approver(by, info_request, "审批延期答复")
    if extension.status != Extension.Status.PENDING:
        raise refuse(
            gettext("该延期申请已经处理（%(status)s）。") % {"status": extension.get_status_display()},
            "extension_decided",
        )
    if decides_own(by, extension.requested_by_id):
        raise refuse(gettext("提出延期的人不能批准自己的延期申请，须由本机关其他审批人批准。"), "own_extension")
    return info_request, extension


@transaction.atomic
def approve_extension(extension: Extension, *, by, on: date | None = None, note: str = "") -> InfoRequest:
    """批准延期: the head of the disclosure office approves in their own session; only now the clock is extended
    and the applicant told (extend). After the deadline (the statutory window) it is refused with the reason."""
    info_request, extension = _lock_pending_extension(extension, by)
    on = on or timezone.localdate()
    if info_request.due_on and on > info_request.due_on:
        raise refuse(
            gettext(
                "答复期限已过（%(day)s），不能再批准延期：第三十三条的延期须在答复期限内作出。请作出不予批准的决定，并尽快答复。"
            )
            % {"day": info_request.due_on.isoformat()},
            "too_late",
        )
    info_request = extend(
        info_request, by=extension.requested_by, approved_by=by, days=extension.days, reason=extension.reason, on=on
    )
    decide(extension, Extension.Status.APPROVED, by=by, on=on, reason=(note or "").strip())
    record(
        "requests.extension_approved",
        actor=by,
        org=info_request.org,
        obj=info_request,
        data={
            "extension": extension.pk,
            "days": extension.days,
            "on": on.isoformat(),
            "due_on": info_request.due_on.isoformat(),
        },
    )
    duties.close(extension_key(extension))
    duties.tell(
        info_request,
        extension_key(extension) + ":decided",
        f"延期已批准：{info_request.number}，答复期限延至 {info_request.due_on.isoformat()}",
        users=[extension.requested_by],
        due=info_request.due_on,
    )
    return info_request


@transaction.atomic
def refuse_extension(extension: Extension, *, by, reason: str, on: date | None = None) -> Extension:
    """不予批准延期: the approver refuses, with the reason; the handler is told. The clock does not move."""
    info_request, extension = _lock_pending_extension(extension, by)
    on = on or timezone.localdate()
    reason = (reason or "").strip()
    if not reason:
        raise refuse(gettext("请写明不予批准的理由。"), "bad_request")
    decide(extension, Extension.Status.REFUSED, by=by, on=on, reason=reason)
    record(
        "requests.extension_refused",
        actor=by,
        org=info_request.org,
        obj=info_request,
        data={"extension": extension.pk, "reason": reason, "on": on.isoformat()},
    )
    duties.close(extension_key(extension))
    send_back(
        info_request,
        extension_key(extension) + ":decided",
        f"延期未获批准：{info_request.number}，请在原答复期限内答复",
        to=extension.requested_by,
        reason=reason,
    )
    return extension
