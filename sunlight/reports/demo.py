"""Demo annual reports: the 2025 figures a few agencies file and the 2025 reports, written after the demo requests
(the reports count them) and published through secrecy review like any document."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model

from sunlight.disclosure.actions import publish_document, review_document
from sunlight.orgs.models import Org
from sunlight.reports.actions import publish_report, save_report, save_year_figures
from sunlight.reports.models import AnnualReport
from sunlight.requests.demo import AGENCIES

User = get_user_model()


def build_reports(count: int = 1) -> dict[str, int]:
    """The 2025 figures and reports once (a rerun, or count 0, makes none)."""
    if not count or AnnualReport.objects.filter(year=2025).exists():
        return {"figures": 0, "reports": 0}
    return {"figures": _year_figures(), "reports": _report_drafts()}


def _year_figures() -> int:
    by = User.objects.get(username="superadmin")
    made = 0
    for name, licensing, penalty, coercion, income in [
        ("云川市教育局", 312, 4, 0, Decimal("18.5600")),
        ("云川市人民政府办公厅", 0, 0, 0, Decimal("0")),
        ("青溪区人民政府办公室", 0, 0, 0, Decimal("0")),
        ("云川市市场监督管理局", 5210, 436, 57, Decimal("126.3200")),
        ("云川市住房和城乡建设局", 1875, 92, 11, Decimal("342.0800")),
    ]:
        org = Org.objects.filter(name=name).first()
        if org is None:
            continue
        save_year_figures(
            org,
            2025,
            by=by,
            licensing_decisions=licensing,
            penalty_decisions=penalty,
            coercion_decisions=coercion,
            fee_income=income,
        )
        made += 1
    return made


OVERVIEW = (
    "{year}年，{org}深入贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，"
    "围绕重点领域信息公开、依申请公开办理和平台建设，推进政务公开标准化规范化。"
)
PROBLEMS = (
    "一是政策解读形式较为单一，图解、视频解读较少；二是部分依申请公开答复的说理不够充分。"
    "下一步将丰富解读形式，加强答复文书的审核和业务培训。"
)
OTHER = "本年度未发生其他需要报告的事项。"


def _report_drafts() -> int:
    """The 2025 reports: the city's consolidated one and each demo agency's own, written and — all but the last
    agency's, so the workbench has an unfiled one to show — published through secrecy review like any document."""
    by = User.objects.get(username="superadmin")
    made = 0
    reports = [("云川市人民政府", "subtree"), *((org, "org") for org, _, _ in AGENCIES)]
    for i, (name, scope) in enumerate(reports):
        org = Org.objects.get(name=name)
        report = save_report(
            org,
            2025,
            scope,
            by=by,
            overview=OVERVIEW.format(year=2025, org=org.name),
            problems=PROBLEMS,
            other_matters=OTHER,
        )
        made += 1
        if i < len(reports) - 1 and report.document_id is None:
            doc = publish_report(report, by=by)
            # A report is figures and prose; the screening may still flag a word in the narrative.
            review_document(
                doc,
                by=by,
                conclusion="approved",
                grounds="经审查，报告不涉及国家秘密、商业秘密和个人隐私。",
                override_reason="报告内容为统计数字和工作情况，不含个人信息。",
            )
            publish_document(doc, by=by)
    return made
