"""One way to make what the annual report's tests need, in a given state.

Requests and documents go through their modules' acts (make_request, published_doc); a report is saved through
sunlight.reports.actions (saved_report); published_report stands for one whose catalog document is published
(that is what "published" means for a report), without going through the review; township_department is an
agency with no statutory report.
"""

from __future__ import annotations

from datetime import date

from sunlight.disclosure import actions as disclosure
from sunlight.disclosure.models import Document, Genre
from sunlight.orgs.codes import make_credit_code
from sunlight.orgs.models import Org, Region
from sunlight.reports.actions import save_report
from sunlight.reports.models import AnnualReport
from sunlight.requests import actions
from sunlight.requests.models import ApplicantType


def make_request(
    by, org, received_on, *, type_code="natural_person", replied_on=None, category="disclosed", number=None
):
    """A request registered and, if replied_on, answered through the acts (a partial disclosure lists a withheld part)."""
    applicant = actions.Applicant(type=ApplicantType.objects.get(code=type_code), name="申请人")
    info_request = actions.register(
        by=by,
        org=org,
        applicant=applicant,
        channel="in_person",
        received_on=received_on,
        description="某政府信息",
        format="paper",
        delivery="post",
    )
    if replied_on:
        extra = {"withheld_parts": [{"part": "第三方个人信息", "reason": "第十五条"}]} if category == "partial" else {}
        info_request = actions.reply(
            info_request, by=by, category=category, number=number, text="答复内容", on=replied_on, **extra
        )
    return info_request


def published_doc(org, officer, reviewer, genre_code, created_on, *, title="文件"):
    doc = disclosure.create_document(
        publisher=org,
        by=officer,
        title=title,
        created_on=created_on,
        genre=Genre.objects.get(code=genre_code),
        body_html="<p>正文</p>",
    )
    disclosure.submit_document(doc, by=officer)
    disclosure.review_document(doc, by=reviewer, conclusion="approved", grounds="不涉密")
    return disclosure.publish_document(doc, by=officer)


def saved_report(rep, org: Org | None = None, year: int = 2025, scope: str = "org", *, by=None, **sections):
    """A report saved through the act (by the east officer, for 青溪区人民政府 2025 unless told); sections default to
    an overview of "概况"."""
    return save_report(org or rep.east, year, scope, by=by or rep.officer, **(sections or {"overview": "概况"}))


def township_department(rep) -> Org:
    """溪口镇财政所: a department of a township, which owes no annual report (Art. 49 asks county level and above)."""
    town = Region.objects.create(code="990102001", name="溪口镇", level=4, parent=rep.east_region)
    return Org.objects.create(
        name="溪口镇财政所",
        kind=Org.Kind.DEPARTMENT,
        region=town,
        parent=rep.east,
        credit_code=make_credit_code("11", rep.east_region.code, "00000007"),
    )


def published_report(org: Org, year: int, scope: str) -> AnnualReport:
    """A report whose document is published in the catalog (that is what "published" means)."""
    n = Document.objects.count() + 1
    doc = Document.objects.create(
        index_number=f"X/2026-{n:05d}",
        publisher=org,
        title="年报",
        created_on=date(2026, 1, 5),
        genre=Genre.objects.get(code="report"),
        status=Document.Status.PUBLISHED,
    )
    return AnnualReport.objects.create(org=org, year=year, scope=scope, document=doc)
