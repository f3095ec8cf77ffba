"""The consistency rules, as data: an id, a message, a check, and the example that breaks it (its test).

A rule's `check(subject, ctx)` is True when the version breaks it. Rules of scope "version" read only the
version's own data; rules of scope "catalog" read other records too (laws, the basic catalog, other items),
so they can break later without the version changing: the catalog-wide report asks the database for those
(`report.py`). `example` patches a valid version into one that breaks the rule; tests/test_rules.py checks
every rule against its example, so a rule without a working test cannot be added.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

from .elements import VersionData
from .kinds import POWER_KINDS

# Working days to natural days when two limits are in different units (5 working days a week).
DAYS_PER_WORKDAY = 7 / 5


@dataclass
class Subject:
    """What is checked: a version's data and where it sits (item id None for an item not yet created)."""

    data: VersionData
    org_id: int
    basic_code: str
    item_id: int | None = None
    # Items this one replaces (拆分 / 合并): sharing a name with them is not a duplicate.
    related_ids: frozenset[int] = frozenset()


@dataclass
class Context:
    """The records catalog rules read, loaded once for a batch (see checks.context_for)."""

    # law title -> (number of the last article, repealed on)
    laws: dict[str, tuple[int, date | None]] = field(default_factory=dict)
    # org id -> ids of that org and every org below it (a step's actor must be one of them)
    org_within: dict[int, frozenset[int]] = field(default_factory=dict)
    # basic code -> base elements of the basic catalog (VersionData.base())
    basic: dict[str, tuple] = field(default_factory=dict)
    # (org id, name) -> ids of the items in force with that name
    names: dict[tuple[int, str], set[int]] = field(default_factory=dict)
    today: date | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    message: str
    check: Callable[[Subject, Context], bool]
    example: dict  # patch to a valid version's data that breaks exactly this rule
    scope: str = "version"  # or "catalog"


def _days(value: int, unit: str) -> float:
    return value * DAYS_PER_WORKDAY if unit == "workdays" else float(value)


def _promised_over_statutory(s: Subject, ctx: Context) -> bool:
    d = s.data
    if d.statutory_limit is None:
        return False
    if d.promised_unit == d.statutory_unit:
        return d.promised_limit > d.statutory_limit
    return _days(d.promised_limit, d.promised_unit) > _days(d.statutory_limit, d.statutory_unit)


def _steps_over_promised(s: Subject, ctx: Context) -> bool:
    steps = s.data.guide.steps
    return bool(steps) and sum(step.days for step in steps) > s.data.promised_limit


def _spot_mismatch(s: Subject, ctx: Context) -> bool:
    return (s.data.handling == "on_the_spot") != (s.data.promised_limit == 0)


def _online_with_visits(s: Subject, ctx: Context) -> bool:
    return s.data.online_depth == 4 and s.data.visits > 0


def _visits_without_reason(s: Subject, ctx: Context) -> bool:
    return s.data.visits > 0 and not s.data.visits_reason.strip()


def _free_with_fee(s: Subject, ctx: Context) -> bool:
    return not s.data.charges_fee and (bool(s.data.guide.fees) or s.data.online_payment)


def _fee_without_standard(s: Subject, ctx: Context) -> bool:
    return s.data.charges_fee and not any(f.standard for f in s.data.guide.fees)


def _material_without_source(s: Subject, ctx: Context) -> bool:
    return any(not m.source for m in s.data.guide.materials)


def _conditional_without_condition(s: Subject, ctx: Context) -> bool:
    return any(not m.required and not m.condition.strip() for m in s.data.guide.materials)


def _power_without_basis(s: Subject, ctx: Context) -> bool:
    return s.data.kind in POWER_KINDS and not s.data.citations


def _step_actor_outside(s: Subject, ctx: Context) -> bool:
    within = ctx.org_within.get(s.org_id, frozenset({s.org_id}))
    return any(step.actor_org_id is not None and step.actor_org_id not in within for step in s.data.guide.steps)


def unresolved_citations(s: Subject, ctx: Context) -> list[str]:
    """The citations of a version that point at no law, a repealed law, or an article the law does not have."""
    bad = []
    for c in s.data.citations:
        law = ctx.laws.get(c.law_title)
        if law is None or c.article > law[0] or (law[1] is not None and (ctx.today is None or law[1] <= ctx.today)):
            bad.append(f"《{c.law_title}》第{c.article}条")
    return bad


def _citation_unresolved(s: Subject, ctx: Context) -> bool:
    return bool(unresolved_citations(s, ctx))


def _duplicate_name(s: Subject, ctx: Context) -> bool:
    return bool(ctx.names.get((s.org_id, s.data.name), set()) - {s.item_id} - s.related_ids)


def _base_differs(s: Subject, ctx: Context) -> bool:
    base = ctx.basic.get(s.basic_code)
    return base is not None and base != s.data.base()


RULES: tuple[Rule, ...] = (
    Rule(
        "limit.promised_within_statutory",
        _("承诺办结时限不能超过法定办结时限。"),
        _promised_over_statutory,
        {"statutory_limit": 20, "promised_limit": 25},
    ),
    Rule(
        "limit.steps_within_promised",
        _("各办理环节的时限之和不能超过承诺办结时限。"),
        _steps_over_promised,
        {"promised_limit": 2},
    ),
    Rule(
        "handling.on_the_spot",
        _("即办件的承诺时限应为当场办结（0），承诺件应有以天计的承诺时限。"),
        _spot_mismatch,
        {"handling": "on_the_spot"},
    ),
    Rule(
        "visits.fully_online",
        _("全程网办（Ⅳ）的事项到现场次数应为 0。"),
        _online_with_visits,
        {"online_depth": 4, "visits": 1, "visits_reason": "核验原件"},
    ),
    Rule(
        "visits.reason",
        _("到现场次数大于 0 时须写明到现场的原因。"),
        _visits_without_reason,
        {"visits": 1, "visits_reason": ""},
    ),
    Rule(
        "fee.none_no_standard",
        _("不收费的事项不能有收费标准，也不能开通网上支付。"),
        _free_with_fee,
        {"guide": {"fees": [{"name": "工本费", "standard": "10元/本"}]}},
    ),
    Rule(
        "fee.standard",
        _("收费的事项须写明收费标准。"),
        _fee_without_standard,
        {"charges_fee": True},
    ),
    Rule(
        "material.source",
        _("每份申请材料都须写明来源（申请人自备、政府部门核发或中介机构出具）。"),
        _material_without_source,
        {"guide": {"materials": [{"name": "申请书", "source": ""}]}},
    ),
    Rule(
        "material.condition",
        _("非必需（容缺或特定情形）材料须写明在什么情形下需要提交。"),
        _conditional_without_condition,
        {"guide": {"materials": [{"name": "委托书", "source": "applicant", "required": False}]}},
    ),
    Rule(
        "basis.required",
        _("行政权力事项须有设定依据。"),
        _power_without_basis,
        {"citations": []},
    ),
    Rule(
        "step.actor_in_org",
        _("办理环节的办理机构须是本机构或其下属机构。"),
        _step_actor_outside,
        {"guide": {"steps": [{"name": "受理", "actor": "窗口", "actor_org_id": -1, "days": 1}]}},
    ),
    Rule(
        "basis.resolves",
        _("设定依据引用的法律法规或条文不存在，或已废止。"),
        _citation_unresolved,
        {"citations": [{"law_title": "不存在的条例", "article": 1}]},
        scope="catalog",
    ),
    Rule(
        "name.unique_in_org",
        _("本机构已有同名的在用事项。"),
        _duplicate_name,
        {"name": "__taken__"},
        scope="catalog",
    ),
    Rule(
        "base.identical",
        _("基本要素（名称、类型、主管部门、实施主体、设定依据）须与基本目录一致。"),
        _base_differs,
        {"competent_department": "另一个部门"},
        scope="catalog",
    ),
)

BY_ID = {rule.id: rule for rule in RULES}


def broken(subject: Subject, ctx: Context, rules=RULES) -> list[Rule]:
    """The rules a version breaks, in the order above."""
    return [rule for rule in rules if rule.check(subject, ctx)]


def message(rule_id: str) -> str:
    rule = BY_ID.get(rule_id)
    return str(rule.message) if rule else rule_id
