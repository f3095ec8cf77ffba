"""Who is "the same applicant", and which earlier requests of theirs look like this one (Art. 36(6)).

One rule, used for the 109号 monthly count (actions/fees.py), for 不予处理 2 (actions.reply) and for the
workbench's "可能是重复申请" hint: the same identity-document index when the request has one, else
the same portal account, else the same name and applicant type. Similarity is a token Jaccard over
the search segmentation (sunlight.search.segment), so it is cheap, explainable and language-aware.
"""

from __future__ import annotations

from django.db.models import Q

from sunlight.search.segment import query_terms

from .models import InfoRequest

SIMILAR = 0.6  # Jaccard threshold for "probably the same matter"
MAX_CANDIDATES = 200  # the most recent closed requests of one applicant looked at (bounds the cost)


def applicant_key(info_request: InfoRequest) -> str:
    """The same rule as same_applicant_q, as a key for grouping requests already loaded (popular.py)."""
    if info_request.id_number_index:
        return f"id:{info_request.id_number_index}"
    if info_request.applicant_user_id:
        return f"user:{info_request.applicant_user_id}"
    return f"name:{info_request.applicant_type_id}:{info_request.applicant_name}"


def same_applicant_q(info_request: InfoRequest) -> Q:
    """The requests of the same applicant as `request` (the rule in the module docstring)."""
    if info_request.id_number_index:
        return Q(id_number_index=info_request.id_number_index)
    if info_request.applicant_user_id:
        return Q(applicant_user_id=info_request.applicant_user_id)
    return Q(applicant_name=info_request.applicant_name, applicant_type_id=info_request.applicant_type_id)


def earlier_q(info_request: InfoRequest) -> Q:
    """Requests received before `request` (same day: created before it)."""
    return Q(received_on__lt=info_request.received_on) | Q(received_on=info_request.received_on, pk__lt=info_request.pk)


def tokens(text: str) -> frozenset[str]:
    """The distinct words of `text`; one-character words and punctuation carry no matter and are dropped."""
    return frozenset(t for t in query_terms(text or "") if len(t) >= 2)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard: shared words over all words of the two (0 when either has none)."""
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def find_repeats(info_request: InfoRequest, *, limit: int = 5) -> list[InfoRequest]:
    """Earlier closed requests of the same applicant at the same org whose descriptions are similar,
    most similar first; each carries `.similarity` (0–1) for display."""
    mine = tokens(info_request.description)
    if not mine:
        return []
    candidates = (
        InfoRequest.objects.filter(
            same_applicant_q(info_request),
            earlier_q(info_request),
            org_id=info_request.org_id,
            status=InfoRequest.Status.CLOSED,
        )
        .exclude(pk=info_request.pk)
        .select_related("outcome")
        .order_by("-received_on", "-pk")[:MAX_CANDIDATES]
    )
    found = []
    for other in candidates:
        score = similarity(mine, tokens(other.description))
        if score >= SIMILAR:
            other.similarity = score
            found.append(other)
    found.sort(key=lambda r: -r.similarity)  # stable: equally similar stay newest first
    return found[:limit]
