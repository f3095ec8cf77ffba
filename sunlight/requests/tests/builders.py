"""One way to make a request (InfoRequest) in a given state for a test: through the actions, as a user would.

    info_request = registered(req)                       # received Monday 2026-03-02, due 2026-03-30
    info_request, code = submitted(req)                  # online, with its query code
    info_request = replied(req, registered(req), "disclosed")

`req` is the conftest fixture (the cast, its officers and the applicant). Also here: what a client posts (the public
form's fields, the API's JSON body), bare rows for counting (earlier_rows) and a published document to point a reply at.
"""

from __future__ import annotations

import itertools
import json
import re
from datetime import date

from django.utils import timezone

from sunlight.crypto import blind_index
from sunlight.disclosure.models import Document, Genre
from sunlight.query_codes import ALPHABET
from sunlight.requests import actions
from sunlight.requests.models import InfoRequest

MONDAY = date(2026, 3, 2)  # received; 20 working days later is 2026-03-30 (no holidays in March 2026)
NOTICE_DAY = date(2026, 3, 10)  # 6 working days used; 20 working days to pay end 2026-04-08 (清明 4-6 off)
DESCRIPTION = "2025年城乡低保资金发放明细"
CODE_RE = re.compile(rf"[{ALPHABET}]{{4}}(?:-[{ALPHABET}]{{4}}){{3}}")
ID_NUMBER, PHONE, EMAIL = "110105199001010029", "13812345678", "zhang@example.cn"


def registered(req, *, received_on=MONDAY, description=DESCRIPTION, org=None, by=None, **extra) -> InfoRequest:
    """A request handed in in person and registered by the east officer (or `by`, at `org`): processing, clock running."""
    return actions.register(
        by=by or req.officer,
        org=org or req.east,
        applicant=req.applicant,
        channel=InfoRequest.Channel.IN_PERSON,
        received_on=received_on,
        description=description,
        format="electronic",
        delivery="email",
        **extra,
    )


def submitted(req, *, description=DESCRIPTION, org=None, user=None, applicant=None) -> tuple[InfoRequest, str]:
    """A request submitted online today (by `user`, or anonymously with a query code). Returns (request, code)."""
    return actions.submit_online(
        org=org or req.east,
        applicant=applicant or req.applicant,
        description=description,
        format="electronic",
        delivery="online",
        user=user,
    )


SENT = date(2026, 3, 5)  # a letter of consultation: 3 working days used; its 15-working-day window ends 2026-03-26


def third_party(req, info_request: InfoRequest, on=SENT, **extra):
    """A third party consulted about the request (Art. 32): the request is consulting, its clock paused."""
    data = {
        "kind": "third_party",
        "party": "云川市某某建材有限公司",
        "matter": "该公司2025年度的排污许可申报材料",
        "party_address": "云川市青溪区工业路88号 0871-6666888",
    }
    data.update(extra)
    return actions.consult(info_request, by=req.officer, on=on, **data)


def replied(req, info_request: InfoRequest, category="disclosed", number=None, *, by=None, **reply) -> InfoRequest:
    """The request answered (and closed) with one of the law's outcomes."""
    reply.setdefault("text", "经查，现予以公开。")
    return actions.reply(info_request, by=by or req.officer, category=category, number=number, **reply)


_serial = itertools.count(1)


def earlier_rows(
    req,
    n: int,
    received_on: date,
    *,
    org=None,
    id_number: str | None = None,
    status="closed",
    description="往年的申请",
    applicant_name: str | None = None,
    **extra,
) -> list[InfoRequest]:
    """n bare requests of the cast's applicant (or of another id number), without notices: for counting only."""
    number = req.applicant.id_number if id_number is None else id_number
    index = blind_index(number, purpose="requests.id_number") if number else ""
    rows = [
        InfoRequest(
            number=f"T{next(_serial):010d}",
            org=org or req.east,
            channel="in_person",
            applicant_type=req.person,
            applicant_name=applicant_name or req.applicant.name,
            id_number=number,
            id_number_index=index,
            description=description,
            format="paper",
            delivery="post",
            submitted_at=timezone.now(),
            received_on=received_on,
            status=status,
            **extra,
        )
        for _ in range(n)
    ]
    return InfoRequest.objects.bulk_create(rows)


def document(req, status=Document.Status.PUBLISHED, index_number="11990102MB0000002X/2026-00007") -> Document:
    """A document of the disclosure catalog (published unless `status`), for a reply that points to it."""
    return Document.objects.create(
        index_number=index_number,
        publisher=req.east,
        title="2025年城乡低保资金发放情况公示",
        doc_number="青政办发〔2026〕3号",
        created_on=date(2026, 1, 5),
        genre=Genre.objects.get(code="notice"),
        status=status,
        published_at=timezone.now() if status == Document.Status.PUBLISHED else None,
    )


def form_data(pub, **overrides) -> dict:
    """The public form's fields for a valid submission to the east government."""
    data = {
        "org": str(pub.east.pk),
        "applicant_type": str(pub.person.pk),
        "applicant_name": "张三",
        "id_number": ID_NUMBER,
        "phone": PHONE,
        "email": EMAIL,
        "address": "云川市青溪区民主路1号",
        "description": DESCRIPTION,
        "format": "electronic",
        "delivery": "online",
    }
    data.update(overrides)
    return data


def body(req, **extra) -> str:
    """The API's JSON body for a valid submission to the east government."""
    data = {
        "org_id": req.east.pk,
        "applicant": {"type": "natural_person", "name": "张三", "id_number": ID_NUMBER, "phone": PHONE},
        "description": DESCRIPTION,
        "format": "electronic",
        "delivery": "online",
    }
    data.update(extra)
    return json.dumps(data)


def post(client, url, data, **headers):
    """POST JSON to the API."""
    return client.post(
        url, data=data if isinstance(data, str) else json.dumps(data), content_type="application/json", **headers
    )
