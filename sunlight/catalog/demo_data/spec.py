"""The compact shape of a demo item template: base elements, limits and the few guide elements that differ.

Everything common (the application form, the ID, the power of attorney, the steps from the promised limit,
duties per kind, oversight, place, hours, phones) is filled in by `sunlight.catalog.demo` per implementing org.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Where a template is implemented: a city department by full name ("city:云川市教育局"), every district's
# department by suffix ("district:民政局"), every district government ("district_gov"), the townships
# ("township": all six; "town": the three 镇/乡; "street": the three 街道) or the committees ("village": 村委会,
# "community": 居委会).
Where = str

# (law title, article, clause or None, excerpt or "")
Cite = tuple[str, int, int | None, str]


@dataclass(frozen=True)
class Mat:
    """A material beyond the common ones (source: applicant / government / intermediary)."""

    name: str
    source: str = "applicant"
    form: str = "original"
    copies: int = 1
    condition: str = ""  # set: not required, needed only in this case
    blank_form: str = ""
    medium: str = "paper"


@dataclass(frozen=True)
class Spec:
    basic: str
    name: str
    kind: str
    dept: str  # 主管部门 (the same wherever implemented)
    body: str  # 实施主体 (the same wherever implemented)
    where: tuple[Where, ...]
    cites: tuple[Cite, ...] = ()
    statutory: int | None = None
    statutory_unit: str = "workdays"
    promised: int = 0
    promised_unit: str = "workdays"
    visits: int = 1
    visits_reason: str = "核验原件并领取办理结果"
    depth: int = 3
    audience: str = "person"
    events: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    materials: tuple[Mat, ...] = ()
    fees: tuple[tuple[str, str, str], ...] = ()  # (name, standard, basis)
    result: tuple[str, str] = ("", "")  # (name, type)
    division: str = "行政审批科"
    faq: tuple[tuple[str, str], ...] = ()
    intermediaries: tuple[tuple[str, str], ...] = ()
    pool: str = ""  # 双随机 sampling pool for the oversight rows
    tier: str = "main"
    parent: str = ""  # basic code of the parent template (same org)
    common_materials: bool = True  # 申请表, 身份证明, 授权委托书
    extra: dict = field(default_factory=dict)


def act(
    basic: str,
    name: str,
    kind: str,
    dept: str,
    body: str,
    where: tuple[Where, ...],
    cites: tuple[Cite, ...],
    *,
    limit: int = 90,
    unit: str = "days",
    statutory: int | None = None,
    division: str = "执法监督科",
    audience: str = "both",
    pool: str = "",
) -> Spec:
    """An act the government starts itself (处罚, 检查, 强制, 征收): no application, no materials, no visits."""
    return Spec(
        basic=basic,
        name=name,
        kind=kind,
        dept=dept,
        body=body,
        where=where,
        cites=cites,
        statutory=statutory,
        statutory_unit=unit,
        promised=limit,
        promised_unit=unit,
        visits=0,
        visits_reason="",
        depth=1,
        audience=audience,
        division=division,
        pool=pool,
        common_materials=False,
    )
