"""One way to make what the monthly tests count: published documents and requests, through the modules' own acts."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sunlight.disclosure import actions as disclosure
from sunlight.disclosure.models import Document, Genre
from sunlight.orgs.models import Org, Role
from sunlight.requests import actions as requests
from sunlight.requests.models import ApplicantType, InfoRequest

BEIJING = ZoneInfo("Asia/Shanghai")


def officers(cast, org: Org) -> tuple:
    """A disclosure officer and a reviewer of `org`, who also handle its requests."""
    officer = cast.add_staff(f"officer{org.pk}", org, Role.DISCLOSURE_OFFICER)
    for role in (Role.HANDLER, Role.APPROVER):
        officer.memberships.create(org=org, role=role)
    reviewer = cast.add_staff(f"reviewer{org.pk}", org, Role.REVIEWER)
    return officer, reviewer


def published(org: Org, officer, reviewer, on: date, *, title: str = "关于做好月度工作的通知") -> Document:
    """A document published on `on` (the publication date is set to that day: the act itself runs today)."""
    doc = disclosure.create_document(
        publisher=org,
        by=officer,
        title=title,
        created_on=on,
        genre=Genre.objects.get(code="notice"),
        body_html="<p>正文</p>",
    )
    disclosure.submit_document(doc, by=officer)
    disclosure.review_document(doc, by=reviewer, conclusion="approved", grounds="不涉密")
    doc = disclosure.publish_document(doc, by=officer)
    Document.objects.filter(pk=doc.pk).update(published_at=datetime.combine(on, time(10), tzinfo=BEIJING))
    return doc


def received(org: Org, handler, on: date, *, replied_on: date | None = None) -> InfoRequest:
    """A request registered as received on `on` and, with `replied_on`, answered that day."""
    info_request = requests.register(
        by=handler,
        org=org,
        applicant=requests.Applicant(type=ApplicantType.objects.get(code="natural_person"), name="申请人"),
        channel="in_person",
        received_on=on,
        description="某政府信息",
        format="paper",
        delivery="post",
    )
    if replied_on:
        info_request = requests.reply(
            info_request, by=handler, category="disclosed", number=None, text="答复内容", on=replied_on
        )
    return info_request
