"""Routing suggestions for 转办: which orgs the letter's words point to. The words of each org's name and of the
letters it answered before are compared with the letter's; the officer decides, the suggestion only orders the list."""

from __future__ import annotations

from collections import Counter

from sunlight.search.segment import distinct_words

from .actions.rules import assignable_orgs
from .models import Letter

HISTORY = 200  # the org's latest answered letters read for its words


def _words(text: str) -> set[str]:
    return {w for w in distinct_words(text) if len(w) >= 2 and not w.isdigit()}


def suggest(letter: Letter, limit: int = 3) -> list[tuple[object, int]]:
    """[(org, score)] best first, only orgs with a score above zero."""
    words = _words(f"{letter.subject} {letter.content}")
    if not words:
        return []
    scores: Counter = Counter()
    orgs = {o.pk: o for o in assignable_orgs(letter.mailbox)}
    for org in orgs.values():
        scores[org.pk] += 3 * len(words & _words(org.name.replace("人民政府", "")))
    answered = (
        Letter.objects.filter(replied_by_org_id__in=list(orgs), status__in=Letter.ANSWERED)
        .exclude(pk=letter.pk)
        .order_by("-replied_on")
        .values_list("replied_by_org_id", "subject")[: HISTORY * 5]
    )
    for org_id, subject in answered:
        scores[org_id] += len(words & _words(subject))
    return [(orgs[pk], n) for pk, n in scores.most_common(limit) if n > 0]
