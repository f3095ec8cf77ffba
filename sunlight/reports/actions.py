"""The acts of the annual report: write it, enter the figures the platform does not hold, publish it.

Each act is atomic, checks who may do it (sunlight.orgs.scope), validates and writes one event. Publishing
goes through the disclosure catalog's own acts (create_document, submit_document), so the report is a
Document of genre 报告 that passes the same secrecy review as any other before it is published; the
report's status follows its document (signals.py): published when the document is published.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from sunlight.disclosure import actions as disclosure
from sunlight.disclosure.models import Document, Genre
from sunlight.errors import Conflict, SunlightError, refuse
from sunlight.events.log import record
from sunlight.orgs import scope as access
from sunlight.orgs.models import Org, Role

from . import annual
from .annual import NARRATIVE_FIELDS, build_report, check_scope, check_year, report_title
from .models import AnnualReport, YearFigures

# Who writes the report and enters the figures; publishing puts a document into the catalog, which only
# the org's disclosure officers (the catalog's authors) may do.
REPORT_ROLES = (Role.DISCLOSURE_OFFICER, Role.ADMIN, Role.REVIEWER)
PUBLISH_ROLES = (Role.DISCLOSURE_OFFICER,)
NARRATIVE_MAX = 20000
FIGURE_FIELDS = ("licensing_decisions", "penalty_decisions", "coercion_decisions", "fee_income")
FEE_MAX = Decimal("9999999999.9999")  # max_digits=14, decimal_places=4
# A document in these states is on its way to (or in) the catalog: the report is frozen until it is withdrawn.
REPORT_SOURCE = "report"  # Document.source of a published annual report
IN_CATALOG = (Document.Status.SUBMITTED, Document.Status.APPROVED, Document.Status.SCHEDULED, Document.Status.PUBLISHED)


def _require_editable(report: AnnualReport) -> None:
    if report.document_id and report.document.status in IN_CATALOG:
        raise Conflict(
            gettext("年度报告已提交发布（审核中或已发布），不能再修改；如需修改，请先撤回已发布的文件。"),
            code="report_frozen",
        )


@transaction.atomic
def save_report(org: Org, year: int, scope: str, *, by, **narrative: str) -> AnnualReport:
    """Write (or rewrite) the narrative sections of `org`'s report for `year`. Plain text, kept as typed;
    the templates escape it and turn line breaks into paragraphs. Only the sections passed change."""
    access.require(by, org, REPORT_ROLES, what="编写年度报告")
    check_scope(org, scope)
    check_year(year, timezone.localdate())
    unknown = set(narrative) - set(NARRATIVE_FIELDS)
    if unknown:
        raise refuse(gettext("未知的报告栏目：%(unknown)s。") % {"unknown": "、".join(sorted(unknown))}, "bad_request")
    for text in narrative.values():
        if not isinstance(text, str) or len(text) > NARRATIVE_MAX:
            raise refuse(
                gettext("每一部分的文字不超过%(NARRATIVE_MAX)s字。") % {"NARRATIVE_MAX": NARRATIVE_MAX}, "bad_request"
            )
    report = (
        AnnualReport.objects.select_for_update(of=("self",))
        .select_related("document")
        .filter(org=org, year=year, scope=scope)
        .first()
    )
    created = report is None
    if created:
        report = AnnualReport.objects.create(org=org, year=year, scope=scope, updated_by=by)
    _require_editable(report)
    changed = [name for name, text in narrative.items() if getattr(report, name) != text.strip()]
    for name in changed:
        setattr(report, name, narrative[name].strip())
    report.updated_by = by
    report.save(update_fields=[*changed, "updated_by", "updated_at"])
    record(
        "reports.save",
        actor=by,
        org=org,
        obj=report,
        data={"year": year, "scope": scope, "created": created, "changed": changed},
    )
    return report


def _figures(licensing_decisions, penalty_decisions, coercion_decisions, fee_income) -> dict:
    """Validate the four figures: whole non-negative counts, and a non-negative amount in 万元 (4 decimals)."""
    out: dict = {}
    for name, value in (
        ("licensing_decisions", licensing_decisions),
        ("penalty_decisions", penalty_decisions),
        ("coercion_decisions", coercion_decisions),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0 or value > 2**31 - 1:
            raise refuse(gettext("处理决定数量须为不小于0的整数。"), "bad_figures")
        out[name] = value
    try:
        amount = Decimal(str(fee_income))
    except (InvalidOperation, ValueError):
        raise refuse(gettext("收费金额须为数字（单位：万元）。"), "bad_figures") from None
    if not amount.is_finite() or amount < 0 or amount > FEE_MAX or amount != amount.quantize(Decimal("0.0001")):
        raise refuse(gettext("收费金额须为不小于0的数字，单位万元，最多四位小数。"), "bad_figures")
    out["fee_income"] = amount.quantize(Decimal("0.0001"))
    return out


def _write_figures(org: Org, year: int, values: dict, *, by, source: str) -> YearFigures:
    figures = YearFigures.objects.select_for_update().filter(org=org, year=year).first()
    before = {name: str(getattr(figures, name)) for name in FIGURE_FIELDS} if figures else None
    if figures is None:
        figures = YearFigures(org=org, year=year)
    for name, value in values.items():
        setattr(figures, name, value)
    figures.updated_by = by
    figures.save()
    record(
        "reports.year_figures",
        actor=by,
        org=org,
        obj=figures,
        before=before,
        after={name: str(getattr(figures, name)) for name in FIGURE_FIELDS},
        data={"year": year, "source": source},
    )
    return figures


@transaction.atomic
def save_year_figures(
    org: Org,
    year: int,
    *,
    by,
    licensing_decisions: int,
    penalty_decisions: int,
    coercion_decisions: int,
    fee_income: Decimal | str | int,
) -> YearFigures:
    """Section 二's figures the platform does not record itself (第二十条第（五）（六）（八）项), for one org and year."""
    access.require(by, org, REPORT_ROLES, what="填报年度数据")
    check_year(year, timezone.localdate())
    values = _figures(licensing_decisions, penalty_decisions, coercion_decisions, fee_income)
    return _write_figures(org, year, values, by=by, source="form")


@dataclass
class ImportResult:
    saved: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, message)

    @property
    def ok(self) -> bool:
        return not self.errors


@transaction.atomic
def import_year_figures(file, *, by) -> ImportResult:
    """A CSV or XLSX of year figures (org code or name, year, the four figures). Every row is checked first
    (format, org, permission, duplicates); one bad row means nothing is written and every error is listed."""
    from .importing import read_rows

    result = ImportResult()
    today = timezone.localdate()
    rows, error = read_rows(file)
    if error:
        result.errors.append((0, error))
        return result
    valid: list[tuple[Org, int, dict]] = []
    seen: dict[tuple[int, int], int] = {}
    for row in rows:
        try:
            org = row.org()
            check_year(row.year(), today)
            if not access.can_act(by, org, REPORT_ROLES):
                raise refuse(gettext("无权填报“%(name)s”的年度数据。") % {"name": org.name}, "forbidden")
            values = _figures(*row.figures())
            key = (org.pk, row.year())
            if key in seen:
                raise refuse(gettext("与第%(key)s行重复（同一机构同一年度）。") % {"key": seen[key]}, "duplicate")
            seen[key] = row.line
        except SunlightError as exc:
            result.errors.append((row.line, exc.message))
            continue
        valid.append((org, key[1], values))
    if not rows and not result.errors:
        result.errors.append((0, gettext("文件中没有数据行。")))
    if result.errors:
        return result
    for org, year, values in valid:
        _write_figures(org, year, values, by=by, source="import")
    result.saved = len(valid)
    return result


@transaction.atomic
def publish_report(report: AnnualReport, *, by) -> Document:
    """Send the report into the disclosure catalog: a Document of genre 报告 with the report as its body,
    created and submitted to secrecy review by the same acts as any document. Refused while the request
    table does not balance, before the year is over, or without section 一. A document the review returned
    (back to draft) is updated and submitted again; a withdrawn one is replaced by a new document."""
    report = AnnualReport.objects.select_for_update(of=("self",)).select_related("org", "document").get(pk=report.pk)
    org = report.org
    access.require(by, org, PUBLISH_ROLES, what="发布年度报告")
    _require_editable(report)
    today = timezone.localdate()
    if report.year >= today.year:
        raise refuse(gettext("%(year)s年度尚未结束，不能发布该年度报告。") % {"year": report.year}, "year_not_over")
    if not report.overview.strip():
        raise refuse(gettext("请先填写“一、总体情况”。"), "report_incomplete")
    data = build_report(org, report.year, report.scope)
    from .export import body_html, require_balanced

    require_balanced(data)
    title = report_title(org, report.year)
    body = body_html(data)
    summary = f"{title}：总体情况，主动公开政府信息情况，收到和处理政府信息公开申请情况，行政复议、行政诉讼情况，存在的主要问题及改进情况，其他需要报告的事项。"
    doc = report.document
    if doc is not None and doc.status == Document.Status.DRAFT:
        doc = disclosure.update_document(doc, by=by, title=title, body_html=body, summary=summary, created_on=today)
    else:
        doc = disclosure.create_document(
            publisher=org,
            by=by,
            title=title,
            created_on=today,
            genre=Genre.objects.get(code=Genre.REPORT),
            body_html=body,
            summary=summary,
            attribute=Document.Attribute.PROACTIVE,
            source=REPORT_SOURCE,
        )
    findings = disclosure.submit_document(doc, by=by)
    doc.refresh_from_db()
    report.document, report.updated_by = doc, by
    report.save(update_fields=["document", "updated_by", "updated_at"])
    record(
        "reports.submit",
        actor=by,
        org=org,
        obj=report,
        data={
            "year": report.year,
            "scope": report.scope,
            "document": doc.pk,
            "index_number": doc.index_number,
            "findings": len(findings),
            "requests_total": data.requests.results_total(annual.TOTAL),
        },
    )
    return doc
