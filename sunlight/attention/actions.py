"""The staff's acts on a duplicate suggestion: merge its letters (letters.group_letters, so they are answered in one
act) or dismiss it with a reason."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext

from sunlight.errors import Conflict, refuse
from sunlight.events.log import record
from sunlight.letters.actions import group_letters
from sunlight.letters.actions.rules import DISPATCH_ROLES
from sunlight.letters.models import LetterGroup
from sunlight.orgs import scope
from sunlight.orgs.models import Org

from .models import DuplicateSuggestion

S = DuplicateSuggestion.Status


def _lock(suggestion: DuplicateSuggestion, by, act: str) -> tuple[DuplicateSuggestion, Org]:
    suggestion = DuplicateSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    org = Org.objects.filter(pk=suggestion.org_id).first()
    if org is None or not scope.can_act(by, org, DISPATCH_ROLES):
        raise PermissionDenied(gettext("只有受理这些来信的信箱工作人员可以%(act)s。") % {"act": act})
    if suggestion.status != S.PENDING:
        raise Conflict(gettext("这条线索已经处理过了。"), code="already_decided")
    return suggestion, org


@transaction.atomic
def merge_suggestion(suggestion: DuplicateSuggestion, *, by, title: str = "") -> LetterGroup:
    suggestion, _org = _lock(suggestion, by, gettext("归并"))
    group = group_letters(suggestion.letter_ids, by=by, title=(title or suggestion.title).strip() or suggestion.title)
    suggestion.status, suggestion.decided_by = S.MERGED, by
    suggestion.save(update_fields=["status", "decided_by"])
    return group


@transaction.atomic
def dismiss_suggestion(suggestion: DuplicateSuggestion, *, by, reason: str) -> DuplicateSuggestion:
    suggestion, org = _lock(suggestion, by, gettext("排除"))
    reason = (reason or "").strip()
    if not reason:
        raise refuse(gettext("请说明为什么不是同一事项。"), "reason_required")
    suggestion.status, suggestion.decided_by = S.DISMISSED, by
    suggestion.save(update_fields=["status", "decided_by"])
    record("attention.dismiss", actor=by, org=org, obj=suggestion, data={"reason": reason[:500]})
    return suggestion
