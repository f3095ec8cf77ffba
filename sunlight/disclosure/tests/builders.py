"""One way to make a document in a given state for a test: through the actions, as staff would.

`dis` is the conftest fixture (the cast with disclosure officers and reviewers). A document of 云湖区 (dis.west) is
drafted and reviewed by its own officer and reviewer; every other by 青溪区's (dis.officer, dis.reviewer).
"""

from __future__ import annotations

from datetime import date

from sunlight.disclosure import actions
from sunlight.disclosure.models import Document

# A valid 身份证号 (the check digit is X): what the screening finds.
ID = "11010519491231002X"


def _staff(dis, publisher):
    if publisher == dis.west:
        return dis.west_officer, dis.west_reviewer
    return dis.officer, dis.reviewer


def draft(dis, *, publisher=None, **fields) -> Document:
    """A draft of 青溪区人民政府 (or `publisher`): a notice on education unless `fields` say otherwise."""
    publisher = publisher or dis.east
    values = {
        "title": "关于做好2025年义务教育招生入学工作的通知",
        "created_on": date(2025, 3, 3),
        "genre": dis.notice,
        "topic": dis.education,
        "body_html": "<p>各学校要按照划片招生原则做好入学工作。</p>",
    }
    values.update(fields)
    return actions.create_document(publisher=publisher, by=_staff(dis, publisher)[0], **values)


def submitted(dis, doc: Document | None = None, **fields) -> Document:
    """`doc` (or a fresh draft made of `fields`) submitted for review, screened."""
    doc = doc or draft(dis, **fields)
    actions.submit_document(doc, by=_staff(dis, doc.publisher)[0])
    doc.refresh_from_db()
    return doc


def approved(dis, doc: Document | None = None, *, override_reason: str = "", **fields) -> Document:
    """Through the secrecy review (同意公开); `override_reason` when open findings remain."""
    doc = submitted(dis, doc, **fields)
    actions.review_document(
        doc,
        by=_staff(dis, doc.publisher)[1],
        conclusion="approved",
        grounds="不涉及国家秘密",
        override_reason=override_reason,
    )
    doc.refresh_from_db()
    return doc


def published(dis, doc: Document | None = None, *, override_reason: str = "", **fields) -> Document:
    """Submitted, approved and published now."""
    doc = approved(dis, doc, override_reason=override_reason, **fields)
    return actions.publish_document(doc, by=_staff(dis, doc.publisher)[1])


# --- files ----------------------------------------------------------------------------------------


def make_pdf(*pages: str) -> bytes:
    """A minimal, valid PDF: one Helvetica text line per page (ASCII), with a correct xref table."""
    bodies = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    bodies.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    bodies.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, text in enumerate(pages):
        content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode() if text else b""
        bodies.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        bodies.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(bodies) + 1, xref)
    return bytes(out)
