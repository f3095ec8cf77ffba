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

from sunlight.events.log import record

from ..models import InfoRequest
from .common import each_in_own_transaction, tell_handlers
from .rules import S, clock_of

VERB = "requests.deadline_recomputed"


def on_official_notice(sender, *, year: int, official: bool = True, **kwargs) -> None:
    """clock.signals.official_notice_entered: re-compute after the new days are committed (and the cache dropped)."""
    transaction.on_commit(lambda: recompute_deadlines(year, official=official))


def on_workday_changed(sender, *, day: date, **kwargs) -> None:
    """clock.signals.workday_changed: one day became a working or a rest day; re-count after the commit."""
    transaction.on_commit(lambda: recompute_deadlines_through(day))


def refresh_deadlines() -> int:
    """Give a deadline to every running request whose deadline waited for the calendar (run nightly and after
    the calendar is loaded). Returns how many got one."""
    return each_in_own_transaction(
        InfoRequest.objects.filter(status=S.PROCESSING, due_on__isnull=True).values_list("pk", flat=True),
        replay_deadline,
        "refresh_deadlines",
    )


def recompute_deadlines(year: int, *, official: bool = True) -> int:
    """Replay every running request whose deadline may reach into `year`; returns how many changed."""
    pks = (
        InfoRequest.objects.filter(status=S.PROCESSING)
        .exclude(due_on__lt=date(year, 1, 1))
        .values_list("pk", flat=True)
    )
    return each_in_own_transaction(
        pks, lambda pk: replay_deadline(pk, year=year, official=official), "recompute_deadlines"
    )


def recompute_deadlines_through(day: date) -> int:
    """Replay every running request whose counting may run through `day` (received by then, not due before)."""
    pks = (
        InfoRequest.objects.filter(status=S.PROCESSING, received_on__lte=day)
        .exclude(due_on__lt=day)
        .values_list("pk", flat=True)
    )
    return each_in_own_transaction(
        pks, lambda pk: replay_deadline(pk, year=day.year, changed_day=day), "recompute_deadlines_through"
    )


@transaction.atomic
def replay_deadline(pk: int, *, year: int | None = None, official: bool = True, changed_day: date | None = None) -> int:
    """Count a running request's reply deadline again on the calendar as it stands now (system act, no actor).

    Without `year`: a deadline that waited for the calendar is set once the days are loaded (requests.deadline_set;
    a deadline already known is left alone). With `year`: that year's holiday notice was entered, and a deadline
    that moves is changed, with the event the applicant's status page lists and a to-do for the handlers.
    Returns 1 when the deadline changed."""
    info_request = InfoRequest.objects.select_for_update().get(pk=pk)
    if info_request.status != S.PROCESSING:
        return 0
    before, after = info_request.due_on, clock_of(info_request).known_due_date
    if after == before or (year is None and (before is not None or after is None)):
        return 0
    info_request.due_on = after
    info_request.save(update_fields=["due_on", "updated_at"])
    if year is None:
        record(
            "requests.deadline_set",
            actor=None,
            org=info_request.org,
            obj=info_request,
            data={"due_on": after.isoformat(), "why": "工作日历已载入"},
        )
        return 1
    if changed_day is not None:
        why = f"工作日历修改了 {changed_day.isoformat()}"
    elif official:
        why = f"国务院办公厅公布了 {year} 年放假安排"
    else:
        why = f"{year} 年工作日历改按法定节假日预计"
    record(
        VERB,
        actor=None,
        org=info_request.org,
        obj=info_request,
        data={
            "before": before.isoformat() if before else None,
            "after": after.isoformat() if after else None,
            "year": year,
            "official": official,
            "why": why,
        },
    )
    if changed_day is not None:
        basis = f"修改后的工作日历（{changed_day.isoformat()}）"
    else:
        basis = f"{year} 年官方放假安排" if official else f"{year} 年预计的工作日历"
    tell_handlers(
        info_request, f"申请 {info_request.number} 的答复期限已按{basis}调整为 {after.isoformat() if after else '待定'}"
    )
    return 1
