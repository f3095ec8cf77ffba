"""The annual report (年度报告, Art. 49–50; format 国办公开办函〔2021〕30号), computed from the records.

`build_report(org, year, scope)` gathers the six sections for one org ("org") or for a government and
every org under it ("subtree", the consolidated report). Every number is an aggregate over the records,
one query per table, so the cost does not grow with the number of orgs or requests beyond what the
database's GROUP BY costs:

- 二 第二十条第（一）项 (规章 / 行政规范性文件), from the disclosure catalog — published documents only:
  本年制发件数 = 成文日期 (created_on) in the year: the date printed on the document is when it was made
  and issued (制发), and it does not move when the upload is late; 本年废止件数 = validity changed to 废止
  in the year; 现行有效件数 = made by 31 December and not 失效/废止 by then. Documents withdrawn from the
  catalog are not counted (the catalog keeps no history of status, only of validity).
- 二 第二十条第（五）（六）（八）项, from YearFigures, summed over the scope.
- 三, the request table of sunlight.requests.report (reused, not recomputed here).
- 四, appeals filed in the year, by their result as of 31 December (decided later = 尚未审结).
- 六, the information processing fees actually paid in the year (fee_paid_on), and for how many requests.

The tables' layout (labels, merged cells) is in layout.py; the narratives are AnnualReport's text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext

from sunlight.disclosure.models import Document, Genre
from sunlight.errors import SunlightError
from sunlight.orgs.models import Org
from sunlight.requests.models import Appeal, ApplicantType, InfoRequest, Outcome
from sunlight.requests.report import TOTAL, RequestTable, request_table

from . import reminders
from .models import AnnualReport, YearFigures

ORG, SUBTREE = AnnualReport.Scope.ORG, AnnualReport.Scope.SUBTREE
FIRST_YEAR = 2008  # the first year of annual reports (the 2007 regulation took effect on 1 May 2008)

# The six sections, in the order the format prescribes (legal text, never translated).
SECTION_TITLES = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)
NARRATIVE_FIELDS = ("overview", "proactive_note", "requests_note", "appeals_note", "problems", "other_matters")


def report_title(org: Org, year: int) -> str:
    return f"{org.name}{year}年政府信息公开工作年度报告"


@dataclass
class GenreCounts:
    made: int = 0  # 本年制发件数
    repealed: int = 0  # 本年废止件数
    valid: int = 0  # 现行有效件数


@dataclass
class ProactiveTable:
    """Section 二."""

    regulation: GenreCounts  # 规章
    normative: GenreCounts  # 行政规范性文件
    licensing: int = 0  # 行政许可 本年处理决定数量
    penalty: int = 0  # 行政处罚
    coercion: int = 0  # 行政强制
    fee_income: Decimal = Decimal("0")  # 行政事业性收费 本年收费金额（万元）
    figures_entered: int = 0  # how many orgs of the scope have YearFigures for the year


@dataclass
class AppealCounts:
    upheld: int = 0  # 结果维持
    corrected: int = 0  # 结果纠正
    other: int = 0  # 其他结果
    pending: int = 0  # 尚未审结

    @property
    def total(self) -> int:  # 总计
        return self.upheld + self.corrected + self.other + self.pending

    def as_list(self) -> list[int]:
        return [self.upheld, self.corrected, self.other, self.pending, self.total]


@dataclass
class AppealsTable:
    """Section 四: 行政复议, then 行政诉讼 未经复议直接起诉 and 复议后起诉."""

    reconsideration: AppealCounts = field(default_factory=AppealCounts)
    lawsuit_direct: AppealCounts = field(default_factory=AppealCounts)
    lawsuit_after: AppealCounts = field(default_factory=AppealCounts)


@dataclass
class Fees:
    """Section 六: information processing fees (信息处理费) paid in the year, in yuan."""

    amount: Decimal = Decimal("0")
    requests: int = 0

    @property
    def sentence(self) -> str:
        if not self.requests:
            return "本年度未收取信息处理费。"
        return f"本年度对{self.requests}件政府信息公开申请收取信息处理费，共计{format_yuan(self.amount)}元。"


@dataclass
class BalanceLine:
    """One column of section 三's check 一 + 二 = 三 + 四."""

    code: str
    label: str
    received: int  # 一 + 二
    settled: int  # 三 + 四

    @property
    def ok(self) -> bool:
        return self.received == self.settled


@dataclass
class AnnualData:
    org: Org
    year: int
    scope: str
    report: AnnualReport | None
    proactive: ProactiveTable
    requests: RequestTable
    outcomes: list[Outcome]
    groups: dict[int, str]  # applicant type parent id → label (法人或其他组织)
    appeals: AppealsTable
    fees: Fees
    unfiled: list[Org] = field(default_factory=list)  # consolidated: agencies below that have not published theirs

    @property
    def title(self) -> str:
        return report_title(self.org, self.year)

    @property
    def unfiled_sentence(self) -> str:
        """Consolidated report: which agencies below have not published their own report (legal text, as printed)."""
        if not self.is_consolidated:
            return ""
        if not self.unfiled:
            return "所属各机关均已发布本年度政府信息公开工作年度报告。"
        return f"截至本报告生成时，{'、'.join(o.name for o in self.unfiled)}尚未发布{self.year}年政府信息公开工作年度报告。"

    @property
    def balanced(self) -> bool:
        return self.requests.balanced

    @property
    def balance(self) -> list[BalanceLine]:
        t = self.requests
        columns = [(c.code, c.label) for c in t.columns] + [(TOTAL, "总计")]
        return [
            BalanceLine(
                code,
                label,
                t.new.get(code, 0) + t.carried_in.get(code, 0),
                t.results_total(code) + t.carried_out.get(code, 0),
            )
            for code, label in columns
        ]

    def narrative(self, name: str) -> str:
        return getattr(self.report, name, "") if self.report else ""

    @property
    def is_consolidated(self) -> bool:
        return self.scope == SUBTREE


def format_yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}".replace(",", "")


def format_wan(amount: Decimal) -> str:
    """万元 as printed: up to four decimals, no trailing zeros ("0", "12.5", "0.0375")."""
    text = f"{Decimal(amount):.4f}".rstrip("0").rstrip(".")
    return text or "0"


def check_scope(org: Org, scope: str) -> str:
    if scope not in (ORG, SUBTREE):
        raise SunlightError(gettext("统计范围只能是本机关或汇总。"), code="bad_scope")
    if scope == SUBTREE and org.kind != Org.Kind.GOVERNMENT:
        raise SunlightError(gettext("只有人民政府编制汇总的年度报告。"), code="bad_scope")
    return scope


def check_year(year: int, today: date) -> int:
    if not FIRST_YEAR <= year <= today.year:
        raise SunlightError(
            gettext("年度须在%(first_year)s年至%(year)s年之间。") % {"first_year": FIRST_YEAR, "year": today.year},
            code="bad_year",
        )
    return year


def org_filter(org: Org, scope: str, field: str = "org") -> Q:
    """The rows of `org` (scope "org") or of `org` and every org under it (scope "subtree")."""
    if scope == SUBTREE:
        return Q(**{f"{field}__path__startswith": org.path})
    return Q(**{field: org})


def _proactive(org: Org, scope: str, year: int) -> ProactiveTable:
    start, end = date(year, 1, 1), date(year, 12, 31)
    made_by_end = Q(created_on__lte=end)
    valid_at_end = made_by_end & (Q(validity=Document.Validity.VALID) | Q(validity_changed_on__gt=end))
    rows = (
        Document.objects.filter(
            org_filter(org, scope, "publisher"),
            status=Document.Status.PUBLISHED,
            genre__code__in=(Genre.REGULATION, Genre.NORMATIVE),
        )
        .values("genre__code")
        .annotate(
            made=Count("id", filter=Q(created_on__gte=start, created_on__lte=end)),
            repealed=Count(
                "id",
                filter=Q(
                    validity=Document.Validity.REPEALED, validity_changed_on__gte=start, validity_changed_on__lte=end
                ),
            ),
            valid=Count("id", filter=valid_at_end),
        )
        .order_by()
    )
    counts = {row["genre__code"]: GenreCounts(row["made"], row["repealed"], row["valid"]) for row in rows}
    sums = YearFigures.objects.filter(org_filter(org, scope), year=year).aggregate(
        licensing=Sum("licensing_decisions"),
        penalty=Sum("penalty_decisions"),
        coercion=Sum("coercion_decisions"),
        fee_income=Sum("fee_income"),
        entered=Count("id"),
    )
    return ProactiveTable(
        regulation=counts.get(Genre.REGULATION, GenreCounts()),
        normative=counts.get(Genre.NORMATIVE, GenreCounts()),
        licensing=sums["licensing"] or 0,
        penalty=sums["penalty"] or 0,
        coercion=sums["coercion"] or 0,
        fee_income=Decimal(sums["fee_income"] or 0),
        figures_entered=sums["entered"],
    )


def _appeals(org: Org, scope: str, year: int) -> AppealsTable:
    start, end = date(year, 1, 1), date(year, 12, 31)
    decided = Q(decided_on__lte=end)
    R = Appeal.Result
    rows = (
        Appeal.objects.filter(org_filter(org, scope), filed_on__gte=start, filed_on__lte=end)
        .values("kind")
        .annotate(
            upheld=Count("id", filter=decided & Q(result=R.UPHELD)),
            corrected=Count("id", filter=decided & Q(result=R.CORRECTED)),
            other=Count("id", filter=decided & Q(result=R.OTHER)),
            # Still pending, or decided only after 31 December: 尚未审结 as of the year's end.
            pending=Count("id", filter=Q(result=R.PENDING) | Q(decided_on__gt=end)),
        )
        .order_by()
    )
    table = AppealsTable()
    for row in rows:
        setattr(table, row["kind"], AppealCounts(row["upheld"], row["corrected"], row["other"], row["pending"]))
    return table


def _fees(org: Org, scope: str, year: int) -> Fees:
    sums = InfoRequest.objects.filter(
        org_filter(org, scope), fee_paid_on__year=year, fee_amount__isnull=False
    ).aggregate(amount=Sum("fee_amount"), n=Count("id"))
    return Fees(amount=Decimal(sums["amount"] or 0), requests=sums["n"])


def build_report(org: Org, year: int, scope: str = ORG) -> AnnualData:
    """All six sections of `org`'s report for `year`; scope "subtree" = the government's consolidated report."""
    check_scope(org, scope)
    report = AnnualReport.objects.filter(org=org, year=year, scope=scope).select_related("document").first()
    requests = request_table(InfoRequest.objects.filter(org_filter(org, scope)), year)
    groups = dict(ApplicantType.objects.filter(parent__isnull=True).values_list("pk", "label"))
    return AnnualData(
        org=org,
        year=year,
        scope=scope,
        report=report,
        proactive=_proactive(org, scope, year),
        requests=requests,
        outcomes=list(Outcome.objects.order_by("order")),
        groups=groups,
        appeals=_appeals(org, scope, year),
        fees=_fees(org, scope, year),
        unfiled=reminders.unfiled(org, year) if scope == SUBTREE else [],
    )


def as_dict(data: AnnualData) -> dict:
    """The report as plain data (the API's JSON), keyed by code, with the printed labels beside."""
    t, p = data.requests, data.proactive
    columns = [c.code for c in t.columns] + [TOTAL]

    def by_column(values: dict) -> dict:
        return {k: values.get(k, 0) for k in columns}

    return {
        "org": {"id": data.org.pk, "name": data.org.name},
        "year": data.year,
        "scope": data.scope,
        "title": data.title,
        "status": data.report.status if data.report else None,
        "document_id": data.report.document_id if data.report else None,
        "narrative": {name: data.narrative(name) for name in NARRATIVE_FIELDS},
        "proactive": {
            "regulation": vars(p.regulation),
            "normative": vars(p.normative),
            "licensing": p.licensing,
            "penalty": p.penalty,
            "coercion": p.coercion,
            "fee_income_wan": format_wan(p.fee_income),
            "figures_entered": p.figures_entered,
        },
        "requests": {
            "columns": [{"code": c.code, "label": c.label} for c in t.columns] + [{"code": TOTAL, "label": "总计"}],
            "new": by_column(t.new),
            "carried_in": by_column(t.carried_in),
            "results": [
                {
                    "category": o.category,
                    "number": o.number,
                    "label": o.printed_name,
                    "counts": by_column(t.results.get(o.pk, {})),
                }
                for o in data.outcomes
            ],
            "results_total": {k: t.results_total(k) for k in columns},
            "carried_out": by_column(t.carried_out),
        },
        "balanced": data.balanced,
        "balance": [
            {"code": b.code, "label": b.label, "received": b.received, "settled": b.settled, "ok": b.ok}
            for b in data.balance
        ],
        "appeals": {
            kind: dict(zip(("upheld", "corrected", "other", "pending", "total"), getattr(data.appeals, kind).as_list()))
            for kind in ("reconsideration", "lawsuit_direct", "lawsuit_after")
        },
        "fees": {
            "amount_yuan": format_yuan(data.fees.amount),
            "requests": data.fees.requests,
            "text": data.fees.sentence,
        },
        "unfiled": [{"id": o.pk, "name": o.name} for o in data.unfiled],
    }
