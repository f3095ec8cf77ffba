"""The writer's own acts: rating the reply (评价) and, once, asking for it to be handled again (重新办理)."""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext

from sunlight.cases.days import today
from sunlight.clock.calendar import get_calendar
from sunlight.errors import Conflict, refuse
from sunlight.events.log import record
from sunlight.query_codes import InvalidQueryCode, hash_query_code

from ..models import Letter
from .rules import HANDLE_ROLES, S, ask, limit_days, lock, note, text, todo_title

COMMENT_MAX = 1000


def is_writer(letter: Letter, by, query_code: str = "") -> bool:
    """The writer: their account, or the letter's query code."""
    if getattr(by, "is_authenticated", False) and letter.writer_user_id == by.pk:
        return True
    if query_code and letter.query_code_hash:
        try:
            return secrets.compare_digest(letter.query_code_hash, hash_query_code(query_code))
        except InvalidQueryCode:
            return False
    return False


def _require_writer(letter: Letter, by, query_code: str) -> None:
    if not is_writer(letter, by, query_code):
        raise PermissionDenied(gettext("只有来信人本人可以这样做（登录本人账户，或提供信件的查询码）。"))


@transaction.atomic
def rate_letter(
    letter: Letter, *, by=None, query_code: str = "", rating: str, comment: str = "", on: date | None = None
) -> Letter:
    """评价: the writer rates the reply; the loop is closed."""
    letter = lock(letter)
    _require_writer(letter, by, query_code)
    if letter.status != S.REPLIED:
        raise Conflict(gettext("只能对已答复、尚未评价的来信评价。"), code="wrong_status")
    if rating not in Letter.Rating.values:
        raise refuse(gettext("请选择满意、基本满意或不满意。"), "rating_required")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise refuse(gettext("评价意见不能超过 %(n)s 个字。") % {"n": COMMENT_MAX}, "too_long")
    if rating == Letter.Rating.UNSATISFIED and not comment:
        raise refuse(gettext("选择不满意时，请写明不满意的原因。"), "comment_required")
    day = on or today()
    letter.status = S.CLOSED
    letter.rating, letter.rating_comment, letter.rated_on = rating, comment, day
    note(letter, day, "rate", gettext("来信人评价：%(rating)s") % {"rating": letter.get_rating_display()})
    letter.save(update_fields=["status", "rating", "rating_comment", "rated_on", "trail"])
    record(
        "letters.rate",
        actor=by if getattr(by, "pk", None) else "writer",
        org=letter.replied_by_org,
        obj=letter,
        data={"rating": rating},
    )
    return letter


@transaction.atomic
def reopen_letter(letter: Letter, *, by=None, query_code: str = "", reason: str, on: date | None = None) -> Letter:
    """重新办理: once, within the setting's days of the reply, with a reason; back to the same org with a new clock."""
    letter = lock(letter)
    _require_writer(letter, by, query_code)
    if letter.status not in (S.REPLIED, S.CLOSED) or letter.replied_by_org_id is None:
        raise Conflict(gettext("只有已答复的来信可以申请重新办理。"), code="wrong_status")
    if letter.reopened:
        raise Conflict(gettext("每封来信只能申请重新办理一次。"), code="already_reopened")
    day = on or today()
    if (day - letter.replied_on).days > settings.LETTERS_REOPEN_DAYS:
        raise refuse(
            gettext("答复之日起 %(n)s 天内才能申请重新办理。") % {"n": settings.LETTERS_REOPEN_DAYS}, "too_late"
        )
    reason = text(reason, gettext("重新办理理由"), COMMENT_MAX)
    letter.status = S.ASSIGNED
    letter.reopened, letter.reopen_reason = True, reason
    letter.handler_org = letter.replied_by_org
    letter.assigned_on = day
    letter.due_on = get_calendar().add_working_days(day, limit_days(letter.type))
    letter.rating, letter.rating_comment, letter.rated_on = "", "", None
    letter.replied_on = None
    letter.handler = None
    note(letter, day, "reopen", gettext("来信人申请重新办理：%(reason)s") % {"reason": reason}, letter.handler_org)
    letter.save(
        update_fields=[
            "status",
            "reopened",
            "reopen_reason",
            "handler_org",
            "assigned_on",
            "due_on",
            "rating",
            "rating_comment",
            "rated_on",
            "replied_on",
            "handler",
            "trail",
        ]
    )
    record(
        "letters.reopen",
        actor=by if getattr(by, "pk", None) else "writer",
        org=letter.handler_org,
        obj=letter,
        data={"reason": reason},
    )
    ask(letter, letter.handler_org, HANDLE_ROLES, "reply", todo_title(letter, gettext("重新答复")))
    return letter
