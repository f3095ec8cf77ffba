"""The catalog-wide consistency report: every rule broken, by org, in a handful of queries.

Version-scope rules only read a version's own data, so the ids stored on the version when it was written
(`ServiceItemVersion.violations`) are still right. Catalog-scope rules read other records (laws, the basic
catalog, other items) that may have changed since, so they are asked of the database afresh:

- basis.resolves: a citation whose title names no law, a repealed law, or an article past the law's last;
- name.unique_in_org: two live items of one org with one name (GROUP BY org, name);
- base.identical: a version whose name, kind, department or body differ from the basic catalog's.

What is checked: drafts and submitted versions (what is about to be published) and the versions in force today.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from sunlight.orgs.models import Org

from .models import BasicItem, Citation, Law, ServiceItem, ServiceItemVersion
from .queries import LIVE, in_force_q
from .rules import BY_ID, RULES

V = ServiceItemVersion.State
VERSION_RULES = frozenset(r.id for r in RULES if r.scope == "version")
ROW_LIMIT = 1000  # rows shown in the table (the counts are always complete)


@dataclass(frozen=True)
class Finding:
    org_id: int
    rule_id: str
    version_id: int | None
    item_code: str
    name: str
    detail: str = ""


@dataclass
class Report:
    orgs: dict[int, str]
    findings: list[Finding] = field(default_factory=list)

    @property
    def by_org(self) -> list[tuple[str, int]]:
        counts = Counter(f.org_id for f in self.findings)
        return sorted(((self.orgs.get(pk, str(pk)), n) for pk, n in counts.items()), key=lambda r: (-r[1], r[0]))

    @property
    def by_rule(self) -> list[tuple[str, str, int]]:
        counts = Counter(f.rule_id for f in self.findings)
        return [(r.id, str(r.message), counts[r.id]) for r in RULES if counts[r.id]]

    @property
    def rows(self) -> list[Finding]:
        return sorted(self.findings, key=lambda f: (self.orgs.get(f.org_id, ""), f.item_code, f.rule_id))[:ROW_LIMIT]


def checked_versions(orgs: QuerySet[Org], day: date) -> QuerySet[ServiceItemVersion]:
    """Drafts, submitted versions and the versions in force on `day`, of items of `orgs`."""
    return ServiceItemVersion.objects.filter(item__org__in=orgs).filter(
        Q(state__in=(V.DRAFT, V.SUBMITTED)) | in_force_q(day)
    )


def _stored(versions: QuerySet[ServiceItemVersion]) -> list[Finding]:
    rows = versions.exclude(violations=[]).values_list("pk", "item__org_id", "item__code", "name", "violations")
    return [
        Finding(org_id, rule_id, pk, code, name)
        for pk, org_id, code, name, ids in rows.iterator(chunk_size=5000)
        for rule_id in ids
        if rule_id in VERSION_RULES
    ]


def _unresolved(versions: QuerySet[ServiceItemVersion], day: date) -> list[Finding]:
    # Matched by title (as the rule does), so a law added after the citation was written still resolves it.
    good_law = Law.objects.filter(title=OuterRef("law_title"), articles__gte=OuterRef("article")).filter(
        Q(repealed_on__isnull=True) | Q(repealed_on__gt=day)
    )
    rows = (
        Citation.objects.filter(version__in=versions.values("pk"))
        .filter(~Exists(good_law))
        .values_list(
            "version_id", "version__item__org_id", "version__item__code", "version__name", "law_title", "article"
        )
    )
    return [
        Finding(org_id, "basis.resolves", pk, code, name, f"《{title}》第{article}条")
        for pk, org_id, code, name, title, article in rows.iterator(chunk_size=5000)
    ]


def _duplicates(orgs: QuerySet[Org]) -> list[Finding]:
    live = ServiceItem.objects.filter(org__in=orgs, status__in=LIVE)
    groups = live.values("org_id", "name").annotate(n=Count("pk")).filter(n__gt=1).values_list("org_id", "name")
    groups = list(groups)
    if not groups:
        return []
    q = Q()
    for org_id, name in groups:
        q |= Q(org_id=org_id, name=name)
    rows = live.filter(q).values_list("org_id", "current_id", "code", "name")
    return [Finding(org_id, "name.unique_in_org", current, code, name) for org_id, current, code, name in rows]


def _base_differs(versions: QuerySet[ServiceItemVersion]) -> list[Finding]:
    # The four base columns in the database; the legal basis is compared when a version is written (stored ids).
    basic = BasicItem.objects.filter(basic_code=OuterRef("item__basic_code"))
    same = basic.filter(
        name=OuterRef("name"),
        kind=OuterRef("kind"),
        competent_department=OuterRef("competent_department"),
        implementing_body=OuterRef("implementing_body"),
    )
    rows = (
        versions.filter(Exists(basic))
        .filter(~Exists(same))
        .values_list("pk", "item__org_id", "item__code", "name", "item__basic_code")
    )
    return [
        Finding(org_id, "base.identical", pk, code, name, basic_code) for pk, org_id, code, name, basic_code in rows
    ]


def consistency_report(orgs: QuerySet[Org], day: date | None = None) -> Report:
    day = day or timezone.localdate()
    versions = checked_versions(orgs, day)
    findings = [*_stored(versions), *_unresolved(versions, day), *_duplicates(orgs), *_base_differs(versions)]
    names = dict(Org.objects.filter(pk__in={f.org_id for f in findings}).values_list("pk", "name"))
    return Report(orgs=names, findings=findings)


def rule_message(rule_id: str) -> str:
    rule = BY_ID.get(rule_id)
    return str(rule.message) if rule else rule_id
