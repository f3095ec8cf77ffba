"""The closed loop on the government's side: 受理 / 不予受理 → 转办 → 承办 → 退回 → 延期 → 办结 → 回访, and 督办.
Each act locks the letter, checks the post, refuses before writing, appends a trail line, records its event and
moves the to-do."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext

from sunlight.cases.days import today
from sunlight.clock.calendar import get_calendar
from sunlight.errors import refuse
from sunlight.events.log import record
from sunlight.notify.notices import send_notice
from sunlight.notify.public_cache import public_changed
from sunlight.notify.todos import close_todos
from sunlight.orgs import scope
from sunlight.orgs.models import Org

from ..models import Letter
from .rules import (
    DISPATCH_ROLES,
    HANDLE_ROLES,
    HEAD_ROLES,
    S,
    ask,
    assignable_orgs,
    limit_days,
    lock,
    note,
    require_dispatcher,
    require_handler,
    require_status,
    text,
    todo_key,
    todo_title,
    writer_url,
)

REASON_MAX = 2000
REPLY_MAX = 8000
NOTICE_CHANNELS = ("inapp", "email", "sms")


def tell_writer(letter: Letter, title: str, body: str) -> None:
    """The writer hears of each step that concerns them: in the app, by e-mail and SMS when they have an account;
    a writer without one follows the letter with its query code."""
    if letter.writer_user_id:
        send_notice(letter.writer_user, title, body, url=writer_url(letter), channels=NOTICE_CHANNELS)


def _day(on: date | None, letter: Letter, since: date) -> date:
    day = on or today()
    if day > today() or day < since:
        raise refuse(gettext("日期须在 %(since)s 和今天之间。") % {"since": since.isoformat()}, "bad_date")
    return day


@transaction.atomic
def accept_letter(letter: Letter, *, by, on: date | None = None) -> Letter:
    """受理: the letter is valid; its answering clock starts (working days by type, a setting)."""
    letter = lock(letter)
    act = gettext("受理")
    require_dispatcher(by, letter, act)
    require_status(letter, S.RECEIVED, act=act)
    day = _day(on, letter, letter.received_on)
    letter.status = S.ACCEPTED
    letter.accepted_on = day
    letter.due_on = get_calendar().add_working_days(day, limit_days(letter.type))
    note(letter, day, "accept", gettext("已受理，答复期限 %(due)s") % {"due": letter.due_on.isoformat()})
    letter.save(update_fields=["status", "accepted_on", "due_on", "trail"])
    record("letters.accept", actor=by, org=letter.mailbox.org, obj=letter, data={"due_on": letter.due_on.isoformat()})
    ask(letter, letter.mailbox.org, DISPATCH_ROLES, "assign", todo_title(letter, gettext("转办")))
    tell_writer(
        letter,
        gettext("您的来信 %(number)s 已受理") % {"number": letter.number},
        gettext("我们将在 %(due)s 前答复。") % {"due": letter.due_on.isoformat()},
    )
    return letter


@transaction.atomic
def refuse_letter(letter: Letter, *, by, reason: str, redirect: str, on: date | None = None) -> Letter:
    """不予受理 with the reason; a petition (信访) or a matter for the courts is pointed to its channel."""
    letter = lock(letter)
    act = gettext("不予受理")
    require_dispatcher(by, letter, act)
    require_status(letter, S.RECEIVED, act=act)
    if redirect not in Letter.Redirect.values:
        raise refuse(gettext("请选择引导渠道：信访、诉讼、行政复议、仲裁或其他原因。"), "redirect_required")
    reason = text(reason, gettext("不予受理理由"), REASON_MAX)
    day = _day(on, letter, letter.received_on)
    letter.status = S.REFUSED
    letter.refusal_reason = reason
    letter.redirect = redirect
    channel = Letter.Redirect(redirect).label
    note(letter, day, "refuse", gettext("不予受理（%(channel)s）：%(reason)s") % {"channel": channel, "reason": reason})
    letter.save(update_fields=["status", "refusal_reason", "redirect", "trail"])
    record("letters.refuse", actor=by, org=letter.mailbox.org, obj=letter, data={"redirect": redirect})
    close_todos(prefix=todo_key(letter))
    tell_writer(letter, gettext("您的来信 %(number)s 不予受理") % {"number": letter.number}, reason)
    return letter


def _handler_org(org, letter: Letter) -> Org:
    if not isinstance(org, Org) or not org.is_active:
        raise refuse(gettext("请选择承办单位。"), "handler_org_required")
    if not assignable_orgs(letter.mailbox).filter(pk=org.pk).exists():
        raise refuse(gettext("只能转办给本级政府及其所属单位。"), "handler_org_outside")
    return org


@transaction.atomic
def assign_letter(letter: Letter, *, by, org: Org, instructions: str = "", on: date | None = None) -> Letter:
    """转办: the dispatcher sends the letter to the org that answers it (routing suggestions are only suggestions)."""
    letter = lock(letter)
    act = gettext("转办")
    require_dispatcher(by, letter, act)
    require_status(letter, S.ACCEPTED, act=act)
    org = _handler_org(org, letter)
    instructions = (instructions or "").strip()[:REASON_MAX]
    day = _day(on, letter, letter.accepted_on)
    letter.status = S.ASSIGNED
    letter.handler_org = org
    letter.assigned_on = day
    letter.handler = None
    line = gettext("转办至%(org)s") % {"org": org.name}
    note(letter, day, "assign", line + (f"：{instructions}" if instructions else ""), org)
    letter.save(update_fields=["status", "handler_org", "assigned_on", "handler", "trail"])
    record("letters.assign", actor=by, org=letter.mailbox.org, obj=letter, data={"to": org.pk, "note": instructions})
    ask(letter, org, HANDLE_ROLES, "handle", todo_title(letter, gettext("承办")))
    return letter


@transaction.atomic
def take_letter(letter: Letter, *, by, on: date | None = None) -> Letter:
    """承办 (签收): a member of the handling org takes the letter on."""
    letter = lock(letter)
    act = gettext("签收承办")
    require_handler(by, letter, act)
    require_status(letter, S.ASSIGNED, act=act)
    day = _day(on, letter, letter.assigned_on)
    letter.status = S.HANDLING
    letter.handler = by
    note(letter, day, "take", gettext("%(org)s签收承办") % {"org": letter.handler_org.name}, letter.handler_org)
    letter.save(update_fields=["status", "handler", "trail"])
    record("letters.take", actor=by, org=letter.handler_org, obj=letter)
    ask(letter, letter.handler_org, HANDLE_ROLES, "reply", todo_title(letter, gettext("答复")))
    return letter


@transaction.atomic
def return_letter(letter: Letter, *, by, reason: str, on: date | None = None) -> Letter:
    """退回: not this org's matter; back to the dispatcher with the reason, to be assigned again. The clock runs on."""
    letter = lock(letter)
    act = gettext("退回")
    require_handler(by, letter, act)
    require_status(letter, S.ASSIGNED, S.HANDLING, act=act)
    reason = text(reason, gettext("退回理由"), REASON_MAX)
    day = _day(on, letter, letter.assigned_on)
    was = letter.handler_org
    letter.status = S.ACCEPTED
    letter.handler_org = None
    letter.handler = None
    note(letter, day, "return", gettext("%(org)s退回：%(reason)s") % {"org": was.name, "reason": reason}, was)
    letter.save(update_fields=["status", "handler_org", "handler", "trail"])
    record("letters.return", actor=by, org=was, obj=letter, data={"reason": reason})
    ask(letter, letter.mailbox.org, DISPATCH_ROLES, "assign", todo_title(letter, gettext("重新转办")))
    return letter


@transaction.atomic
def extend_letter(letter: Letter, *, by, days: int, reason: str, on: date | None = None) -> Letter:
    """延期: the head (审批人) of the handling org, in their own session, grants more working days — once, within the
    setting's maximum, and never past the 3-month line."""
    letter = lock(letter)
    act = gettext("批准延期")
    if letter.handler_org_id is None:
        raise PermissionDenied(gettext("信件尚未转办，不能延期。"))
    scope.require(by, letter.handler_org, HEAD_ROLES, act)
    require_status(letter, S.ASSIGNED, S.HANDLING, act=act)
    if letter.extended_days:
        raise refuse(gettext("每封来信只能延期一次。"), "already_extended")
    if not isinstance(days, int) or not 1 <= days <= settings.LETTERS_EXTENSION_MAX_DAYS:
        raise refuse(
            gettext("延期天数须为 1 到 %(n)s 个工作日。") % {"n": settings.LETTERS_EXTENSION_MAX_DAYS}, "bad_days"
        )
    reason = text(reason, gettext("延期理由"), REASON_MAX)
    day = _day(on, letter, letter.assigned_on)
    due = get_calendar().add_working_days(letter.due_on, days)
    last = letter.received_on.toordinal() + settings.LETTERS_MAX_DAYS
    if due.toordinal() > last:
        raise refuse(
            gettext("延期后的期限不能超过来信之日起 %(n)s 天。") % {"n": settings.LETTERS_MAX_DAYS}, "past_max_days"
        )
    letter.due_on = due
    letter.extended_days = days
    note(
        letter,
        day,
        "extend",
        gettext("延期 %(n)s 个工作日至 %(due)s：%(reason)s") % {"n": days, "due": due, "reason": reason},
    )
    letter.save(update_fields=["due_on", "extended_days", "trail"])
    record("letters.extend", actor=by, org=letter.handler_org, obj=letter, data={"days": days, "reason": reason})
    tell_writer(
        letter,
        gettext("您的来信 %(number)s 答复期限延长") % {"number": letter.number},
        gettext("新的答复期限为 %(due)s。理由：%(reason)s") % {"due": due.isoformat(), "reason": reason},
    )
    return letter


def _reply(letter: Letter, *, by, reply: str, day: date) -> None:
    letter.status = S.REPLIED
    letter.reply = reply
    letter.replied_on = day
    letter.replied_by_org = letter.handler_org
    note(letter, day, "reply", gettext("%(org)s已答复") % {"org": letter.handler_org.name}, letter.handler_org)
    letter.save(update_fields=["status", "reply", "replied_on", "replied_by_org", "trail"])
    record(
        "letters.reply",
        actor=by,
        org=letter.handler_org,
        obj=letter,
        data={"on_time": day <= letter.due_on if letter.due_on else None, "group": letter.group_id},
    )
    ask(letter, letter.mailbox.org, DISPATCH_ROLES, "follow_up", todo_title(letter, gettext("回访")))
    tell_writer(letter, gettext("您的来信 %(number)s 已答复") % {"number": letter.number}, reply[:500])
    if letter.is_published:
        public_changed("letters")


@transaction.atomic
def reply_letter(letter: Letter, *, by, reply: str, on: date | None = None) -> Letter:
    """办结: the handling org answers the writer."""
    letter = lock(letter)
    act = gettext("答复")
    require_handler(by, letter, act)
    require_status(letter, S.ASSIGNED, S.HANDLING, act=act)
    reply = text(reply, gettext("答复内容"), REPLY_MAX)
    _reply(letter, by=by, reply=reply, day=_day(on, letter, letter.assigned_on))
    return letter


@transaction.atomic
def follow_up_letter(letter: Letter, *, by, result: str, on: date | None = None) -> Letter:
    """回访: the dispatcher calls the writer back and records what they said."""
    letter = lock(letter)
    act = gettext("回访")
    require_dispatcher(by, letter, act)
    require_status(letter, S.REPLIED, S.CLOSED, act=act)
    if letter.followed_up_on:
        raise refuse(gettext("这封来信已经回访过。"), "already_followed_up")
    result = text(result, gettext("回访情况"), REASON_MAX)
    day = _day(on, letter, letter.replied_on)
    letter.follow_up = result
    letter.followed_up_on = day
    note(letter, day, "follow_up", gettext("已回访"))
    letter.save(update_fields=["follow_up", "followed_up_on", "trail"])
    record("letters.follow_up", actor=by, org=letter.mailbox.org, obj=letter)
    close_todos(prefix=todo_key(letter))
    return letter


@transaction.atomic
def urge_letter(letter: Letter, *, by, text_: str, on: date | None = None) -> Letter:
    """督办: the dispatcher, or a supervisor over the handling org, presses for an answer."""
    letter = lock(letter)
    act = gettext("督办")
    require_status(letter, S.ASSIGNED, S.HANDLING, act=act)
    if not (scope.can_act(by, letter.mailbox.org, DISPATCH_ROLES) or scope.supervises(by, letter.handler_org)):
        raise PermissionDenied(gettext("只有信箱工作人员或承办单位的上级监察人员可以督办。"))
    words = text(text_, gettext("督办意见"), REASON_MAX)
    day = _day(on, letter, letter.assigned_on)
    letter.urged += 1
    note(letter, day, "urge", gettext("督办：%(text)s") % {"text": words})
    letter.save(update_fields=["urged", "trail"])
    record("letters.urge", actor=by, org=letter.handler_org, obj=letter, data={"text": words, "n": letter.urged})
    ask(letter, letter.handler_org, HANDLE_ROLES, "reply", todo_title(letter, gettext("答复（已督办）")))
    return letter
