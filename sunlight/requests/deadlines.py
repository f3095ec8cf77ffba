"""Re-computing the requests' deadlines when a year's official holiday notice is entered.

Until the State Council publishes a year's 放假安排, that year's working days are an estimate
(sunlight.clock.holidays) and every deadline counted through it is shown as 预计. When an admin
enters the notice (clock.actions.enter_official_notice), each running request whose deadline
reaches into that year is replayed on the new calendar; one whose deadline changes gets it, with
an event, a to-do for the agency's handlers and a line on the applicant's status page (the
event is that record: there is no e-mail or SMS channel yet).

Only the reply deadline moves. Dates already printed in a notice to the applicant or a third
party (补正期限, 缴费期限, 征求意见期限, an Art. 35 date) were set by the agency's act and stay as sent.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from sunlight.events.log import events_for, record

from .models import InfoRequest

S = InfoRequest.Status
VERB = "requests.deadline_recomputed"


def on_official_notice(sender, *, year: int, official: bool = True, **kwargs) -> None:
    """clock.signals.official_notice_entered: re-compute after the new days are committed (and the cache dropped)."""
    transaction.on_commit(lambda: recompute_deadlines(year, official=official))


def recompute_deadlines(year: int, *, official: bool = True) -> int:
    """Replay every running request whose deadline may reach into `year`; returns how many changed."""
    from .actions import each_in_own_transaction

    pks = (
        InfoRequest.objects.filter(status=S.PROCESSING)
        .exclude(due_on__lt=date(year, 1, 1))
        .values_list("pk", flat=True)
    )
    return each_in_own_transaction(pks, lambda pk: _recompute(pk, year, official), "recompute_deadlines")


@transaction.atomic
def _recompute(pk: int, year: int, official: bool = True) -> int:
    from .actions import _tell_handlers, clock_of

    request = InfoRequest.objects.select_for_update().get(pk=pk)
    if request.status != S.PROCESSING:
        return 0
    before, after = request.due_on, clock_of(request).known_due_date
    if after == before:
        return 0
    request.due_on = after
    request.save(update_fields=["due_on", "updated_at"])
    why = f"国务院办公厅公布了 {year} 年放假安排" if official else f"{year} 年工作日历改按法定节假日预计"
    record(
        VERB,
        actor=None,
        org=request.org,
        obj=request,
        data={
            "before": before.isoformat() if before else None,
            "after": after.isoformat() if after else None,
            "year": year,
            "official": official,
            "why": why,
        },
    )
    basis = f"{year} 年官方放假安排" if official else f"{year} 年预计的工作日历"
    _tell_handlers(
        request, f"申请 {request.number} 的答复期限已按{basis}调整为 {after.isoformat() if after else '待定'}"
    )
    return 1


def deadline_changes(request: InfoRequest) -> list[dict]:
    """What the applicant's status page lists: each re-computed deadline, oldest first."""
    out = []
    for event in events_for(request).filter(verb=VERB).order_by("seq"):
        data = event.data or {}
        out.append(
            {
                "at": event.at,
                "before": date.fromisoformat(data["before"]) if data.get("before") else None,
                "after": date.fromisoformat(data["after"]) if data.get("after") else None,
                "year": data.get("year"),
                "why": data.get("why") or "",
            }
        )
    return out


def shown(day: date | None, estimated: bool) -> str:
    """A date for a staff message: "2027-01-04（预计）" when counted through an estimated year, "—" when there is none."""
    from django.utils.translation import gettext as _

    if day is None:
        return "—"
    return f"{day.isoformat()}（{_('预计')}）" if estimated else day.isoformat()
