"""/api/v1/letters: the mailboxes and the published letters (public), writing a letter (anyone; rate limited) and
following it with number + query code; the staff queue and the acts of the loop (staff session or token)."""

from datetime import date

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status

from sunlight.api.auth import staff_or_token_auth
from sunlight.api.limits import limit_per_ip
from sunlight.api.types import Id, Year
from sunlight.errors import SunlightError
from sunlight.orgs.models import Org
from sunlight.query_codes import InvalidQueryCode, hash_query_code
from sunlight.search import service as search
from sunlight.search.types import SearchQuery

from . import actions
from .models import Letter
from .queries import active_mailboxes, public_letters, staff_letters

router = Router()
WRITE_LIMIT, WRITE_WINDOW = 10, 3600
TRACK_LIMIT, TRACK_WINDOW = 20, 600


class MailboxOut(Schema):
    code: str
    name: str
    kind: str
    org: str


class PublicLetterOut(Schema):
    number: str
    type: str
    subject: str
    content: str
    reply: str
    received_on: date
    replied_on: date | None
    answered_by: str


class StatusOut(Schema):
    number: str
    type: str
    status: str
    status_label: str
    received_on: date
    due_on: date | None
    handler_org: str
    reply: str
    replied_on: date | None
    trail: list[dict]


class StaffLetterOut(StatusOut):
    id: int
    subject: str
    content: str
    mailbox: str
    writer_name: str
    publish_consent: bool
    is_published: bool


class ListOut(Schema):
    count: int
    items: list[StaffLetterOut]


def _public(x: Letter) -> dict:
    return {
        "number": x.number,
        "type": x.type,
        "subject": x.public_subject,
        "content": x.public_content,
        "reply": x.public_reply,
        "received_on": x.received_on,
        "replied_on": x.replied_on,
        "answered_by": x.replied_by_org.name if x.replied_by_org_id else "",
    }


def _status(x: Letter) -> dict:
    return {
        "id": x.pk,
        "number": x.number,
        "type": x.type,
        "status": x.status,
        "status_label": x.get_status_display(),
        "received_on": x.received_on,
        "due_on": x.due_on,
        "handler_org": x.handler_org.name if x.handler_org_id else "",
        "reply": x.reply,
        "replied_on": x.replied_on,
        "trail": x.trail,
        "subject": x.subject,
        "content": x.content,
        "mailbox": x.mailbox.code,
        "writer_name": x.writer_name,
        "publish_consent": x.publish_consent,
        "is_published": x.is_published,
    }


@router.get("/mailboxes", auth=None, response=list[MailboxOut], summary="信箱 / mailboxes")
def mailboxes(request: HttpRequest):
    return [{"code": m.code, "name": m.name, "kind": m.kind, "org": m.org.name} for m in active_mailboxes()]


@router.get("/published", auth=None, response=list[PublicLetterOut], summary="公开的来信 / published letters")
def published(
    request: HttpRequest,
    q: str = Query("", max_length=100, description="全文检索（标题、内容、答复）"),
    type: str = Query("", max_length=10),
    year: Year | None = None,
    limit: int = Query(20, ge=1, le=100),
    offset: int = Query(0, ge=0, le=100000),
):
    rows = public_letters().order_by("-replied_on", "-pk")
    if type:
        if type not in Letter.Type.values:
            raise SunlightError(gettext("类型参数不在可选范围内。"), code="bad_request")
        rows = rows.filter(type=type)
    if year:
        rows = rows.filter(replied_on__year=year)
    if q.strip():
        query = SearchQuery(text=q, kind="letter", year=year, per_page=min(limit, 50), page=offset // limit + 1)
        ids = [hit.object_id for hit in search.search(query).hits]
        found = {x.pk: x for x in rows.filter(pk__in=ids)}
        return [_public(found[i]) for i in ids if i in found]
    return [_public(x) for x in rows[offset : offset + limit]]


@router.get("/published/{number}", auth=None, response=PublicLetterOut, summary="一封公开的来信 / a published letter")
def published_one(request: HttpRequest, number: str):
    return _public(get_object_or_404(public_letters(), number=number[:30]))


class WriteIn(Schema):
    mailbox: str = Field(..., max_length=40, description="信箱代码")
    type: str = Field(
        ..., max_length=10, description="consult 咨询 / suggest 建议 / complain 投诉 / help 求助 / report 举报"
    )
    subject: str = Field(..., max_length=100)
    content: str = Field(..., max_length=20000)
    writer_name: str = Field("", max_length=60)
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=120)
    address: str = Field("", max_length=200)
    publish_consent: bool = False


class WrittenOut(Schema):
    number: str
    query_code: str = Field(..., description="查询码，只返回这一次")
    accept_due_on: date


@router.post("", auth=None, response={201: WrittenOut}, summary="写信 / write a letter (no account)")
def write(request: HttpRequest, data: WriteIn):
    limit_per_ip(request, "letters-write", WRITE_LIMIT, WRITE_WINDOW)
    mailbox = active_mailboxes().filter(code=data.mailbox).first()
    if mailbox is None:
        raise SunlightError(gettext("没有这个信箱。"), code="unknown_mailbox")
    payload = data.dict()
    payload.pop("mailbox")
    letter, code = actions.write_letter(by=None, mailbox=mailbox, **payload)
    return Status(201, {"number": letter.number, "query_code": code, "accept_due_on": letter.accept_due_on})


class TrackIn(Schema):
    number: str = Field(..., max_length=30)
    query_code: str = Field(..., max_length=40)


@router.post("/track", auth=None, response=StatusOut, summary="信件查询 / follow a letter with its query code")
def track(request: HttpRequest, data: TrackIn):
    limit_per_ip(request, "letters-track", TRACK_LIMIT, TRACK_WINDOW)
    try:
        code_hash = hash_query_code(data.query_code)
    except InvalidQueryCode:
        code_hash = "-"
    letter = Letter.objects.filter(number=data.number, query_code_hash=code_hash).select_related("handler_org").first()
    if letter is None:
        raise Http404(gettext("信件编号或查询码不正确。"))
    return _status(letter)


@router.get("", auth=staff_or_token_auth(), response=ListOut, summary="来信列表 / letters the staff may see")
def staff_list(
    request: HttpRequest,
    status: str = Query("open", max_length=20),
    page: int = Query(1, ge=1, le=100000),
    size: int = Query(50, ge=1, le=200),
):
    rows = staff_letters(request.user)
    if status == "open":
        rows = rows.filter(status__in=Letter.OPEN)
    elif status in Letter.Status.values:
        rows = rows.filter(status=status)
    elif status != "all":
        raise SunlightError(gettext("状态参数不在可选范围内。"), code="bad_request")
    paged = Paginator(rows.order_by("due_on", "accept_due_on", "pk"), size).get_page(page)
    return {"count": paged.paginator.count, "items": [_status(x) for x in paged]}


def _visible(request: HttpRequest, letter_id: int) -> Letter:
    letter = staff_letters(request.user).filter(pk=letter_id).first()
    if letter is None:
        raise Http404(gettext("没有这封来信，或您无权查看。"))
    return letter


@router.get("/{int:letter_id}", auth=staff_or_token_auth(), response=StaffLetterOut, summary="一封来信 / one letter")
def staff_detail(request: HttpRequest, letter_id: Id):
    return _status(_visible(request, letter_id))


class AssignIn(Schema):
    org_id: Id
    instructions: str = Field("", max_length=2000)


class ReplyIn(Schema):
    reply: str = Field(..., max_length=8000)


class RefuseIn(Schema):
    redirect: str = Field(..., max_length=20)
    reason: str = Field(..., max_length=2000)


def _after(request: HttpRequest, letter: Letter) -> dict:
    return _status(staff_letters(request.user).get(pk=letter.pk))


@router.post("/{int:letter_id}/accept", auth=staff_or_token_auth(), response=StaffLetterOut, summary="受理 / accept")
def accept(request: HttpRequest, letter_id: Id):
    return _after(request, actions.accept_letter(_visible(request, letter_id), by=request.user))


@router.post(
    "/{int:letter_id}/refuse", auth=staff_or_token_auth(), response=StaffLetterOut, summary="不予受理 / refuse"
)
def refuse_(request: HttpRequest, letter_id: Id, data: RefuseIn):
    letter = actions.refuse_letter(_visible(request, letter_id), by=request.user, **data.dict())
    return _after(request, letter)


@router.post("/{int:letter_id}/assign", auth=staff_or_token_auth(), response=StaffLetterOut, summary="转办 / assign")
def assign(request: HttpRequest, letter_id: Id, data: AssignIn):
    org = Org.objects.filter(pk=data.org_id).first()
    letter = actions.assign_letter(
        _visible(request, letter_id), by=request.user, org=org, instructions=data.instructions
    )
    return _after(request, letter)


@router.post("/{int:letter_id}/reply", auth=staff_or_token_auth(), response=StaffLetterOut, summary="答复办结 / reply")
def reply(request: HttpRequest, letter_id: Id, data: ReplyIn):
    return _after(request, actions.reply_letter(_visible(request, letter_id), by=request.user, reply=data.reply))


@router.post("/{int:letter_id}/publish", auth=staff_or_token_auth(), response=StaffLetterOut, summary="公开 / publish")
def publish(request: HttpRequest, letter_id: Id):
    return _after(request, actions.publish_letter(_visible(request, letter_id), by=request.user))
