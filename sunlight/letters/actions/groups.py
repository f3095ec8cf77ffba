"""归并: letters about the same matter (found by near-duplicate detection or put together by staff) handled as one —
assigned together and answered in one act, each writer answered and told."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext

from sunlight.cases.days import today
from sunlight.errors import Conflict, refuse
from sunlight.events.log import record
from sunlight.orgs import scope

from ..models import Letter, LetterGroup
from .loop import REPLY_MAX, _reply, assign_letter
from .rules import DISPATCH_ROLES, HANDLE_ROLES, S, text


@transaction.atomic
def group_letters(letters, *, by, title: str) -> LetterGroup:
    """Put letters of one dispatcher together; a letter already in a group moves to the new one."""
    rows = list(
        Letter.objects.select_for_update(of=("self",))
        .select_related("mailbox__org")
        .filter(pk__in=[getattr(x, "pk", x) for x in letters])
    )
    if len(rows) < 2:
        raise refuse(gettext("请至少选择两封来信归并。"), "too_few")
    orgs = {r.mailbox.org for r in rows}
    if len(orgs) != 1:
        raise refuse(gettext("只能归并同一受理机构的来信。"), "mixed_dispatchers")
    scope.require(by, orgs.pop(), DISPATCH_ROLES, gettext("归并来信"))
    title = text(title, gettext("归并事项"), 100)
    group = LetterGroup.objects.create(title=title, created_on=today(), created_by=by)
    Letter.objects.filter(pk__in=[r.pk for r in rows]).update(group=group)
    record("letters.group", actor=by, org=rows[0].mailbox.org, obj=group, data={"letters": [r.number for r in rows]})
    return group


@transaction.atomic
def assign_group(group: LetterGroup, *, by, org) -> int:
    """转办 every accepted letter of the group to one org."""
    letters = list(group.letters.filter(status=S.ACCEPTED).select_related("mailbox__org"))
    if not letters:
        raise Conflict(gettext("这个归并组没有待转办的来信。"), code="nothing_to_assign")
    for letter in letters:
        assign_letter(letter, by=by, org=org)
    return len(letters)


@transaction.atomic
def reply_group(group: LetterGroup, *, by, reply: str) -> int:
    """办结 in one act: every open letter of the group assigned to an org the user answers for gets the reply; each
    writer is told. Returns how many were answered."""
    reply = text(reply, gettext("答复内容"), REPLY_MAX)
    letters = list(
        Letter.objects.select_for_update(of=("self",))
        .select_related("mailbox__org", "handler_org", "writer_user")
        .filter(group=group, status__in=(S.ASSIGNED, S.HANDLING))
    )
    mine = [x for x in letters if scope.can_act(by, x.handler_org, HANDLE_ROLES)]
    if not mine:
        raise Conflict(gettext("这个归并组没有转办给您单位、尚未答复的来信。"), code="nothing_to_reply")
    day = today()
    for letter in mine:
        _reply(letter, by=by, reply=reply, day=day)
    record("letters.reply_group", actor=by, org=mine[0].handler_org, obj=group, data={"n": len(mine)})
    return len(mine)
