"""The shape of a version's elements, one schema for forms, imports, the API and the rules.

`VersionData` is everything a version says (base elements, limits, guide, citations) as plain data: the
workbench form, an import row and a stored version all become one, and the rules read only that.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Text = Field(default="", max_length=2000)


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Material(_Part):
    name: str = Field(min_length=1, max_length=200)
    form: Literal["original", "copy", "original_and_copy"] = "original"  # 原件 / 复印件 / 原件和复印件
    copies: int = Field(default=1, ge=0, le=99)
    medium: Literal["paper", "electronic", "both"] = "paper"
    required: bool = True
    condition: str = Field(default="", max_length=300)  # when not required: in which case it is needed
    blank_form: str = Field(default="", max_length=300)  # file name or link of the blank form
    sample: str = Field(default="", max_length=300)  # file name or link of the filled-in sample
    source: Literal["", "applicant", "government", "intermediary"] = ""  # 申请人自备 / 政府部门核发 / 中介机构
    note: str = Field(default="", max_length=500)


class Step(_Part):
    name: str = Field(min_length=1, max_length=100)
    actor: str = Field(min_length=1, max_length=100)  # the post or division that acts (受理窗口, 审批科…)
    actor_org_id: int | None = None  # the org of the actor when not the item's own (must be within it)
    days: float = Field(default=0, ge=0, le=3650)  # in the promised limit's unit; 0 = the same day
    description: str = Text


class Fee(_Part):
    name: str = Field(min_length=1, max_length=200)
    standard: str = Field(default="", max_length=500)
    basis: str = Field(default="", max_length=500)


class Result(_Part):
    name: str = Field(default="", max_length=200)
    type: Literal["", "certificate", "document", "approval", "other"] = ""  # 证照 / 批文 / 审批意见 / 其他
    sample: str = Field(default="", max_length=300)


class Phones(_Part):
    consult: str = Field(default="", max_length=60)
    complaint: str = Field(default="", max_length=60)


class Intermediary(_Part):
    name: str = Field(min_length=1, max_length=200)
    basis: str = Field(default="", max_length=500)


class Question(_Part):
    question: str = Field(min_length=1, max_length=500)
    answer: str = Field(min_length=1, max_length=2000)


class Duty(_Part):
    """责任清单 row of a power: what the org must do, when it is held to account, on what basis."""

    duty: str = Field(min_length=1, max_length=1000)
    accountability: str = Field(default="", max_length=1000)
    basis: str = Field(default="", max_length=500)


class Oversight(_Part):
    """监管清单 row: how the item is supervised after approval."""

    method: str = Field(min_length=1, max_length=300)  # 双随机抽查 / 重点检查 / 信用监管 …
    frequency: str = Field(default="", max_length=100)
    random_pool: str = Field(default="", max_length=300)  # 双随机 sampling pool (检查对象名录库)
    basis: str = Field(default="", max_length=500)


class Guide(_Part):
    conditions: list[str] = Field(default_factory=list, max_length=50)
    materials: list[Material] = Field(default_factory=list, max_length=100)
    steps: list[Step] = Field(default_factory=list, max_length=30)
    fees: list[Fee] = Field(default_factory=list, max_length=30)
    result: Result = Field(default_factory=Result)
    delivery: list[str] = Field(default_factory=list, max_length=10)  # 窗口领取 / 邮寄 / 电子证照
    place: str = Field(default="", max_length=500)
    hours: str = Field(default="", max_length=300)
    phones: Phones = Field(default_factory=Phones)
    intermediaries: list[Intermediary] = Field(default_factory=list, max_length=20)
    faq: list[Question] = Field(default_factory=list, max_length=50)
    duties: list[Duty] = Field(default_factory=list, max_length=50)
    oversight: list[Oversight] = Field(default_factory=list, max_length=20)


class CitationData(_Part):
    law_title: str = Field(min_length=1, max_length=200)
    article: int = Field(ge=1, le=10000)
    clause: int | None = Field(default=None, ge=1, le=100)
    excerpt: str = Text

    def key(self) -> tuple[str, int, int | None]:
        return (self.law_title, self.article, self.clause)


class VersionData(_Part):
    """Every element of a version (what the rules check and what a new version is made from)."""

    name: str = Field(min_length=1, max_length=200)
    kind: Literal[
        "permit",
        "penalty",
        "coercion",
        "levy",
        "benefit",
        "inspection",
        "confirmation",
        "reward",
        "ruling",
        "other_power",
        "public_service",
        "filing",
    ]
    competent_department: str = Field(min_length=1, max_length=120)
    implementing_body: str = Field(min_length=1, max_length=120)
    level: Literal["state", "province", "city", "county", "township", "village"]
    division: str = Field(default="", max_length=120)
    statutory_limit: int | None = Field(default=None, ge=0, le=3650)
    statutory_unit: Literal["workdays", "days"] = "workdays"
    promised_limit: int = Field(ge=0, le=3650)
    promised_unit: Literal["workdays", "days"] = "workdays"
    handling: Literal["on_the_spot", "promised"]
    visits: int = Field(default=0, ge=0, le=20)
    visits_reason: str = Field(default="", max_length=300)
    online_depth: int = Field(default=1, ge=1, le=4)
    charges_fee: bool = False
    online_payment: bool = False
    audience: Literal["person", "company", "both"] = "person"
    life_events: list[str] = Field(default_factory=list, max_length=10)
    citations: list[CitationData] = Field(default_factory=list, max_length=30)
    guide: Guide = Field(default_factory=Guide)

    def base(self) -> tuple:
        """The six base elements but the code (which is the item's): identical across implementations."""
        return (
            self.name,
            self.kind,
            self.competent_department,
            self.implementing_body,
            sorted([c.law_title, c.article, c.clause] for c in self.citations),
        )


# The version's columns that VersionData carries one to one (the rest: life_events, citations, guide).
COLUMNS = (
    "name",
    "kind",
    "competent_department",
    "implementing_body",
    "level",
    "division",
    "statutory_limit",
    "statutory_unit",
    "promised_limit",
    "promised_unit",
    "handling",
    "visits",
    "visits_reason",
    "online_depth",
    "charges_fee",
    "online_payment",
    "audience",
)


def of_version(version, citations=None) -> VersionData:
    """The data of a stored version (citations: pass them when prefetched in bulk)."""
    if citations is None:
        citations = version.citations.all()
    return VersionData.model_validate(
        {
            **{f: getattr(version, f) for f in COLUMNS},
            "life_events": version.life_event_slugs,
            "citations": [
                {"law_title": c.law_title, "article": c.article, "clause": c.clause, "excerpt": c.excerpt}
                for c in citations
            ],
            "guide": version.guide or {},
        }
    )


def version_fields(data: VersionData) -> dict:
    """The version's model fields from data (citations are rows of their own)."""
    return {
        **{f: getattr(data, f) for f in COLUMNS},
        "life_events": ("," + ",".join(data.life_events) + ",") if data.life_events else "",
        "guide": data.guide.model_dump(mode="json"),
    }
