"""Art. 44 (第四十四条): information that several applicants ask for may be moved into proactive disclosure.

`clusters` finds, per org, groups of requests that ask for the same information from different
applicants; the act that turns one group into a DRAFT document of the disclosure catalog is
actions.propose_for_disclosure (actions/popular.py; the draft then goes through the usual screening, secrecy
review and publication).

Similarity is Jaccard over the words of the descriptions (the search app's segmentation, coarse cut;
1-character words and the words every request uses are dropped). Pairs are found with an inverted
index over each request's rarest words (prefix filtering, as in All-Pairs / PPJoin): two sets with
Jaccard ≥ t must share one of their first |x| − ⌈t·|x|⌉ + 1 words in a global rarest-first order, so
only requests sharing a rare word are ever compared — never all pairs. Groups are single-link.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sunlight.orgs.models import Org

from . import repeats
from .models import InfoRequest

SIMILARITY = 0.5  # Jaccard threshold for "asks for the same information"
MAX_KEYWORDS = 5
TITLE_LENGTH = 80
# Words nearly every request contains: they say how one asks, not what for. Kept short on purpose.
GENERIC_WORDS = frozenset(
    "申请 公开 提供 获取 查询 要求 请求 希望 需要 予以 政府信息 信息 关于 有关 相关 文件 资料 内容 本人 我们 贵单位 贵机关".split()
)
# How a description often begins ("请提供……", "申请公开……"): dropped from a suggested title.
_LEAD = re.compile(
    r"^(?:本人|我们|我)?(?:想|希望)?(?:申请公开|申请获取|申请提供|请求公开|要求公开|请提供|请公开|请予公开|想了解)(?:贵单位|贵机关)?的?"
)
_CLOSED_PUNCT = "。；;，,、.!！?？：: \n\t"


def tokens(text: str) -> frozenset[str]:
    """The words compared: those of repeats.tokens without the generic words of any request."""
    return repeats.tokens(text) - GENERIC_WORDS


# One definition each of "the same applicant" and of word-set similarity (repeats.py).
applicant_key = repeats.applicant_key
jaccard = repeats.similarity


@dataclass
class Cluster:
    """Requests to one org asking for the same information, with what they share."""

    org: Org
    requests: list[InfoRequest]
    applicant_count: int
    keywords: list[str] = field(default_factory=list)
    title: str = ""
    description: str = ""  # the most representative request's description


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _groups(sets: list[frozenset[str]], threshold: float) -> list[list[int]]:
    """Single-link groups (of ≥ 2) of the indexes whose sets have Jaccard ≥ threshold."""
    # Identical word sets (the same question asked again) are joined at once and compared once.
    unique: dict[frozenset[str], list[int]] = defaultdict(list)
    for i, s in enumerate(sets):
        if s:
            unique[s].append(i)
    distinct = list(unique)
    df = Counter(t for s in distinct for t in s)
    parent = list(range(len(distinct)))
    index: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(distinct):
        ordered = sorted(s, key=lambda t: (df[t], t))  # rarest first: short posting lists
        prefix = ordered[: len(s) - math.ceil(threshold * len(s) - 1e-9) + 1]
        seen: set[int] = set()
        for t in prefix:
            for j in index[t]:
                if j in seen:
                    continue
                seen.add(j)
                if _find(parent, i) != _find(parent, j) and jaccard(s, distinct[j]) >= threshold - 1e-9:
                    parent[_find(parent, i)] = _find(parent, j)
            index[t].append(i)
    members: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(distinct):
        members[_find(parent, i)].extend(unique[s])
    return [sorted(m) for m in members.values() if len(m) >= 2]


def suggested_title(description: str) -> str:
    """The representative description's first line, without "请提供" and the like, shortened."""
    line = (description or "").strip().splitlines()[0] if (description or "").strip() else ""
    line = _LEAD.sub("", line.strip()).strip(_CLOSED_PUNCT)
    return line[:TITLE_LENGTH]


def describe(items: list[tuple[InfoRequest, frozenset[str]]]) -> tuple[list[str], InfoRequest]:
    """(shared keywords, the most representative request) of a group."""
    count = Counter(t for _, s in items for t in s)
    shared = [t for t, n in sorted(count.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0])) if n >= 2]
    # Representative: its words are, on average, the ones most requests of the group use.
    best = max(
        items, key=lambda it: (sum(count[t] for t in it[1]) / max(len(it[1]), 1), -len(it[0].description), -it[0].pk)
    )
    return shared[:MAX_KEYWORDS], best[0]


_FIELDS = (
    "pk",
    "number",
    "org_id",
    "received_on",
    "description",
    "status",
    "id_number_index",
    "applicant_user_id",
    "applicant_name",
    "applicant_type_id",
)


def clusters(orgs: Iterable[Org], *, since: date, min_applicants: int = 2) -> list[Cluster]:
    """Groups of requests received since `since` by each of `orgs` that ask for the same information from at
    least `min_applicants` different applicants; requests already linked to a document are left out.

    Most applicants first. Nothing is written."""
    by_id = {o.pk: o for o in orgs}
    if not by_id:
        return []
    per_org: dict[int, list[InfoRequest]] = defaultdict(list)
    rows = (
        InfoRequest.objects.filter(org_id__in=list(by_id), received_on__gte=since, proactive_document__isnull=True)
        .only(*_FIELDS)
        .order_by("received_on", "pk")
    )
    for info_request in rows.iterator(chunk_size=2000):
        per_org[info_request.org_id].append(info_request)
    found: list[Cluster] = []
    for org_id, reqs in per_org.items():
        sets = [tokens(info_request.description) for info_request in reqs]
        for group in _groups(sets, SIMILARITY):
            members = [(reqs[i], sets[i]) for i in group]
            applicants = len({applicant_key(info_request) for info_request, _ in members})
            if applicants < min_applicants:
                continue  # one applicant's repeats are Art. 36(6) matters, not Art. 44
            keywords, best = describe(members)
            found.append(
                Cluster(
                    org=by_id[org_id],
                    requests=[info_request for info_request, _ in members],
                    applicant_count=applicants,
                    keywords=keywords,
                    title=suggested_title(best.description),
                    description=best.description,
                )
            )
    found.sort(
        key=lambda c: (
            -c.applicant_count,
            -len(c.requests),
            -max(info_request.received_on for info_request in c.requests).toordinal(),
        )
    )
    return found
