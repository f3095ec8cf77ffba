"""The acts of an efficiency complaint, one function each (docs/architecture.md, the action contract):
filing online, registering a walk-in or 12345 complaint, investigating, noting, concluding."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext

from sunlight.cases.days import today
from sunlight.cases.models import Case
from sunlight.clock.calendar import get_calendar
from sunlight.errors import Conflict, refuse
from sunlight.events.log import record
from sunlight.notify.notices import send_notice
from sunlight.notify.public_cache import public_changed
from sunlight.notify.todos import close_todos
from sunlight.numbering import create_numbered
from sunlight.orgs.models import Membership, Org, Window
from sunlight.query_codes import InvalidQueryCode, hash_query_code, new_query_code

from .models import Complaint
from .rules import (
    ask_supervisors,
    complainant_url,
    may_handle,
    may_register,
    supervising_org_for,
    todo_key,
    todo_title,
)

A = Complaint.About
S = Complaint.Status
CONTENT_MAX = 4000
NOTICE_CHANNELS = ("inapp", "email", "sms")


@dataclass
class Target:
    """What the complaint is about, resolved and checked: the org complained about and the linked records."""

    about: str
    org: Org
    case: Case | None = None
    window: Window | None = None
    staff_user: object | None = None
    staff_name: str = ""

    def fields(self) -> dict:
        """The complaint's columns that say what it is about."""
        return {
            "about": self.about,
            "case": self.case,
            "window": self.window,
            "staff_user": self.staff_user,
            "staff_name": self.staff_name,
            "org": self.org,
        }


def _text(value: str, what: str, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        raise refuse(gettext("请填写%(what)s。") % {"what": what}, "required")
    if len(value) > max_length:
        raise refuse(gettext("%(what)s不能超过 %(n)s 个字。") % {"what": what, "n": max_length}, "too_long")
    return value


def _check_about(about: str) -> str:
    if about not in A.values:
        raise refuse(gettext("请选择投诉对象：办件、窗口或工作人员。"), "bad_about")
    return about


def _window(window) -> Window:
    if not isinstance(window, Window) or not window.is_active or not window.center.is_active:
        raise refuse(gettext("请从列表中选择被投诉的窗口。"), "window_required")
    return window


def _org_of_staff(staff_user, window: Window | None) -> Org:
    """The staff member's org: their membership at the window's center if they have one, else their first."""
    rows = Membership.objects.filter(user=staff_user, is_active=True, org__is_active=True).select_related("org")
    if window is not None:
        at_center = rows.filter(org=window.center_id).first()
        if at_center is not None:
            return at_center.org
    first = rows.order_by("pk").first()
    if first is None:
        raise refuse(gettext("被投诉人不是在岗工作人员。"), "not_staff")
    return first.org


def _staff_target(window, staff_user, staff_name: str) -> Target:
    staff_name = (staff_name or "").strip()[:60]
    if window is not None:
        window = _window(window)
    if staff_user is not None:
        return Target(A.STAFF, _org_of_staff(staff_user, window), window=window, staff_user=staff_user)
    if window is None or not staff_name:
        raise refuse(gettext("投诉工作人员，请选择其所在窗口并填写其姓名或工号。"), "staff_required")
    # A name that is exactly one clerk's at that window names the account; otherwise the name stays as written.
    matches = list(
        Membership.objects.filter(window=window, is_active=True, user__display_name=staff_name).values_list(
            "user", flat=True
        )[:2]
    )
    named = None
    if len(matches) == 1:
        from django.contrib.auth import get_user_model

        named = get_user_model().objects.get(pk=matches[0])
    return Target(A.STAFF, window.center, window=window, staff_user=named, staff_name=staff_name)


def _own_case(by, case_number: str, query_code: str) -> Case:
    """A case the complainant can see: their own (they applied for it), or a case number with its query code."""
    number = (case_number or "").strip()[:30]
    not_found = refuse(
        gettext("没有找到您可以投诉的办件：只能投诉本人申请的办件，或填写办件编号及其查询码。"), "case_not_visible"
    )
    if not number:
        raise refuse(gettext("请填写被投诉的办件编号。"), "case_required")
    case = Case.objects.filter(number=number).select_related("org").first()
    if case is None:
        raise not_found
    if case.applicant_user_id is not None and case.applicant_user_id == by.pk:
        return case
    if query_code:
        try:
            code_hash = hash_query_code(query_code)
        except InvalidQueryCode:
            raise not_found from None
        if case.query_code_hash and secrets.compare_digest(case.query_code_hash, code_hash):
            return case
    raise not_found


def _record_filed(complaint: Complaint, verb: str, by) -> None:
    record(
        verb,
        actor=by,
        org=complaint.supervising_org,
        obj=complaint,
        data={
            "about": complaint.about,
            "channel": complaint.channel,
            "org": complaint.org_id,
            "case": complaint.case.number if complaint.case_id else "",
            "due_on": complaint.due_on.isoformat(),
        },
    )
    ask_supervisors(complaint, "investigate", todo_title(complaint, gettext("调查")))
    public_changed("complaints")


def _due(received_on: date) -> date:
    return get_calendar().add_working_days(received_on, settings.COMPLAINTS_LIMIT_DAYS)


@transaction.atomic
def file_complaint(
    *,
    by,
    about: str,
    content: str,
    case_number: str = "",
    query_code: str = "",
    window: Window | None = None,
    staff_name: str = "",
    phone: str = "",
) -> Complaint:
    """网上投诉: a signed-in citizen or company complains about a case they can see, a window or a member of staff."""
    if not getattr(by, "is_authenticated", False):
        raise PermissionDenied(gettext("请先登录再提交投诉。"))
    if getattr(by, "kind", "") == "staff":
        raise PermissionDenied(gettext("工作人员请在工作台登记投诉。"))
    about = _check_about(about)
    content = _text(content, gettext("投诉内容"), CONTENT_MAX)
    if about == A.CASE:
        case = _own_case(by, case_number, query_code)
        target = Target(A.CASE, case.org, case=case)
    elif about == A.WINDOW:
        window = _window(window)
        target = Target(A.WINDOW, window.center, window=window)
    else:
        target = _staff_target(window, None, staff_name)
    on = today()
    complaint = create_numbered(
        Complaint,
        "TS",
        on,
        **target.fields(),
        supervising_org=supervising_org_for(target.org),
        complainant_user=by,
        complainant_name=(by.real_name or by.display_name or by.username)[:100],
        phone=(phone or getattr(by, "phone", "") or "").strip()[:30],
        channel=Complaint.Channel.ONLINE,
        content=content,
        received_on=on,
        due_on=_due(on),
    )
    _record_filed(complaint, "complaints.file", by)
    return complaint


@transaction.atomic
def register_complaint(
    *,
    by,
    channel: str,
    about: str,
    complainant_name: str,
    content: str,
    phone: str = "",
    case_number: str = "",
    window: Window | None = None,
    staff_user=None,
    staff_name: str = "",
    received_on: date | None = None,
) -> tuple[Complaint, str]:
    """A walk-in (窗口) or 12345 hotline complaint registered by staff. Returns it with a fresh query code, shown once
    to the complainant so they can follow it without an account."""
    if channel not in (Complaint.Channel.WINDOW, Complaint.Channel.PHONE):
        raise refuse(gettext("登记渠道只能是窗口登记或12345热线。"), "bad_channel")
    about = _check_about(about)
    name = _text(complainant_name, gettext("投诉人姓名"), 100)
    content = _text(content, gettext("投诉内容"), CONTENT_MAX)
    if about == A.CASE:
        number = (case_number or "").strip()[:30]
        case = Case.objects.filter(number=number).select_related("org").first() if number else None
        if case is None:
            raise refuse(gettext("没有这个办件编号，请核对。"), "case_not_found")
        target = Target(A.CASE, case.org, case=case)
    elif about == A.WINDOW:
        window = _window(window)
        target = Target(A.WINDOW, window.center, window=window)
    else:
        target = _staff_target(window, staff_user, staff_name)
    on = received_on or today()
    if on > today():
        raise refuse(gettext("受理日期不能晚于今天。"), "future_date")
    supervising = supervising_org_for(target.org)
    if not may_register(by, supervising):
        raise PermissionDenied(
            gettext("只有%(org)s的监察人员或其辖区的窗口人员可以登记这件投诉。") % {"org": supervising.name}
        )
    code = new_query_code()
    complaint = create_numbered(
        Complaint,
        "TS",
        on,
        **target.fields(),
        supervising_org=supervising,
        complainant_name=name,
        phone=(phone or "").strip()[:30],
        channel=channel,
        content=content,
        registered_by=by,
        received_on=on,
        due_on=_due(on),
        query_code_hash=hash_query_code(code),
    )
    _record_filed(complaint, "complaints.register", by)
    return complaint, code


def _lock(complaint: Complaint) -> Complaint:
    return (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("supervising_org", "org", "case", "window__center", "staff_user")
        .get(pk=complaint.pk)
    )


def _require_handler(by, complaint: Complaint, act: str) -> None:
    if not may_handle(by, complaint):
        raise PermissionDenied(
            gettext("无权对投诉 %(number)s %(act)s：需要%(org)s或其上级的监察人员。")
            % {"number": complaint.number, "act": act, "org": complaint.supervising_org.name}
        )


def _require_status(complaint: Complaint, *statuses: str, act: str) -> None:
    if complaint.status not in statuses:
        raise Conflict(
            gettext("投诉当前状态为“%(status)s”，不能%(act)s。")
            % {"status": complaint.get_status_display(), "act": act}
        )


def _note(complaint: Complaint, by, text: str) -> None:
    complaint.notes = [
        *complaint.notes,
        {"on": today().isoformat(), "by": (by.display_name or by.username)[:60], "text": text},
    ]


@transaction.atomic
def start_investigation(complaint: Complaint, *, by, note: str = "") -> Complaint:
    """启动调查: a supervisor of the supervising org (or above) takes the complaint up."""
    complaint = _lock(complaint)
    act = gettext("启动调查")
    _require_handler(by, complaint, act)
    _require_status(complaint, S.RECEIVED, act=act)
    note = (note or "").strip()[:CONTENT_MAX]
    complaint.status = S.INVESTIGATING
    fields = ["status"]
    if note:
        _note(complaint, by, note)
        fields.append("notes")
    complaint.save(update_fields=fields)
    record("complaints.investigate", actor=by, org=complaint.supervising_org, obj=complaint, data={"note": note})
    ask_supervisors(complaint, "conclude", todo_title(complaint, gettext("办结")))
    return complaint


@transaction.atomic
def add_investigation_note(complaint: Complaint, *, by, text: str) -> Complaint:
    """记录调查情况: what the investigation found so far (a call-back, a check of the case's records)."""
    complaint = _lock(complaint)
    act = gettext("记录调查情况")
    _require_handler(by, complaint, act)
    _require_status(complaint, S.RECEIVED, S.INVESTIGATING, act=act)
    text = _text(text, gettext("调查情况"), CONTENT_MAX)
    _note(complaint, by, text)
    complaint.save(update_fields=["notes"])
    record("complaints.note", actor=by, org=complaint.supervising_org, obj=complaint, data={"text": text})
    return complaint


def _card_ref(ref: str, complaint: Complaint) -> str:
    """The card (告警 JC…) or 督办单 (DB…) the conclusion links to: it must exist and concern an org the supervising
    org watches, so a complaint never points at a number nobody can open."""
    from sunlight.supervision.models import Alert, UrgeOrder

    ref = (ref or "").strip().upper()[:40]
    if not ref:
        return ""
    subtree = complaint.supervising_org.path
    found = False
    if ref.startswith("DB"):
        found = UrgeOrder.objects.filter(number=ref, org__path__startswith=subtree).exists()
    elif ref.startswith("JC"):
        found = Alert.numbered(ref).filter(org__path__startswith=subtree).exists()
    if not found:
        raise refuse(gettext("关联的告警或督办单编号不存在，或不在本机关的监察范围内。"), "unknown_card")
    return ref


@transaction.atomic
def conclude_complaint(
    complaint: Complaint,
    *,
    by,
    conclusion: str,
    findings: str,
    measures: str = "",
    card_ref: str = "",
    concluded_on: date | None = None,
) -> Complaint:
    """办结: the conclusion (属实 / 部分属实 / 不属实), the findings and, when it is upheld, the measures taken; the
    complainant is told in the app, by e-mail and SMS when they have an account."""
    complaint = _lock(complaint)
    act = gettext("办结投诉")
    _require_handler(by, complaint, act)
    _require_status(complaint, S.INVESTIGATING, act=act)
    if conclusion not in Complaint.Conclusion.values:
        raise refuse(gettext("请选择调查结论：属实、部分属实或不属实。"), "conclusion_required")
    findings = _text(findings, gettext("调查认定"), CONTENT_MAX)
    measures = (measures or "").strip()
    if conclusion != Complaint.Conclusion.NOT_UPHELD and not measures:
        raise refuse(gettext("投诉属实或部分属实的，请填写处理措施。"), "measures_required")
    if len(measures) > CONTENT_MAX:
        raise refuse(
            gettext("%(what)s不能超过 %(n)s 个字。") % {"what": gettext("处理措施"), "n": CONTENT_MAX}, "too_long"
        )
    on = concluded_on or today()
    if on > today() or on < complaint.received_on:
        raise refuse(gettext("办结日期须在受理日期和今天之间。"), "bad_date")
    complaint.status = S.CONCLUDED
    complaint.conclusion = conclusion
    complaint.findings = findings
    complaint.measures = measures
    complaint.card_ref = _card_ref(card_ref, complaint)
    complaint.concluded_on = on
    complaint.concluded_by = by
    complaint.on_time = on <= complaint.due_on
    complaint.save(
        update_fields=[
            "status",
            "conclusion",
            "findings",
            "measures",
            "card_ref",
            "concluded_on",
            "concluded_by",
            "on_time",
        ]
    )
    record(
        "complaints.conclude",
        actor=by,
        org=complaint.supervising_org,
        obj=complaint,
        data={"conclusion": conclusion, "on_time": complaint.on_time, "card_ref": complaint.card_ref},
    )
    close_todos(prefix=todo_key(complaint))
    public_changed("complaints")
    if complaint.complainant_user_id:
        send_notice(
            complaint.complainant_user,
            gettext("您的效能投诉 %(number)s 已办结：%(conclusion)s")
            % {"number": complaint.number, "conclusion": complaint.get_conclusion_display()},
            findings,
            url=complainant_url(complaint),
            channels=NOTICE_CHANNELS,
        )
    return complaint
