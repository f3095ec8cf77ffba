"""The Open311 GeoReport v2 endpoints (JSON and XML). Services are the five letter types; a request is a letter.

Visibility: a client with its key reads the letters it pushed (its own text, the status, the reply); anyone else
reads only published letters, and only their masked public copy. Writing needs a key; the letter goes to the
client's mailbox (or the mailbox named in attribute[mailbox]) and is idempotent on attribute[external_id]."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from sunlight.errors import SunlightError
from sunlight.letters import actions
from sunlight.letters.models import Letter
from sunlight.letters.queries import active_mailboxes
from sunlight.query_codes import check_rate

from .formats import errors, render
from .keys import client_for
from .models import ApiClient

FORMATS = ("json", "xml")
POST_LIMIT, POST_WINDOW = 600, 3600
MAX_ROWS = 1000
TYPE_NAMES = dict(Letter.Type.choices)
DESCRIPTIONS = {
    "consult": "政策、办事咨询",
    "suggest": "意见建议",
    "complain": "投诉",
    "help": "求助",
    "report": "举报",
}


def _fmt(fmt: str) -> str | None:
    return fmt if fmt in FORMATS else None


def _service(code: str) -> dict:
    return {
        "service_code": code,
        "service_name": str(TYPE_NAMES[code]),
        "description": DESCRIPTIONS[code],
        "metadata": True,
        "type": "realtime",
        "keywords": "12345,领导信箱",
        "group": "群众来信",
    }


@require_safe
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    if not _fmt(fmt):
        return errors(404, "format must be json or xml", "json")
    return render([_service(code) for code in Letter.Type.values], "services", fmt)


@require_safe
def definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    if not _fmt(fmt):
        return errors(404, "format must be json or xml", "json")
    if code not in Letter.Type.values:
        return errors(404, "service_code not found", fmt)
    mailboxes = [{"key": m.code, "name": m.name} for m in active_mailboxes()]
    attributes = [
        {
            "variable": True,
            "code": "mailbox",
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": "信箱代码；不填则进入接入系统的信箱",
            "order": 1,
            "description": "信箱",
            "values": mailboxes,
        },
        {
            "variable": True,
            "code": "subject",
            "datatype": "string",
            "required": False,
            "datatype_description": "不超过100字；不填则取描述的开头",
            "order": 2,
            "description": "标题",
        },
        {
            "variable": True,
            "code": "publish_consent",
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": "来信人是否同意公开",
            "order": 3,
            "description": "同意公开",
            "values": [{"key": "true", "name": "同意"}, {"key": "false", "name": "不同意"}],
        },
        {
            "variable": True,
            "code": "external_id",
            "datatype": "string",
            "required": False,
            "datatype_description": "接入系统自己的工单号；重复推送同一工单号只生成一封来信",
            "order": 4,
            "description": "工单号",
        },
    ]
    return render({"service_code": code, "attributes": attributes}, "service_definition", fmt)


def _iso(day) -> str | None:
    if day is None:
        return None
    return timezone.localtime(timezone.make_aware(datetime.combine(day, time(9)))).isoformat()


def _row(x: Letter, own: bool) -> dict:
    open_ = x.status in Letter.OPEN
    return {
        "service_request_id": x.number,
        "status": "open" if open_ else "closed",
        "status_notes": x.get_status_display() if own else ("" if open_ else "已答复"),
        "service_name": str(TYPE_NAMES[x.type]),
        "service_code": x.type,
        "description": x.content if own else x.public_content,
        "agency_responsible": (x.replied_by_org or x.handler_org or x.mailbox.org).name,
        "service_notice": (x.reply if own else x.public_reply) if not open_ else "",
        "requested_datetime": _iso(x.received_on),
        "updated_datetime": _iso(x.replied_on or x.assigned_on or x.accepted_on or x.received_on),
        "expected_datetime": _iso(x.due_on),
        "address": x.address if own else "",
        "address_id": "",
        "zipcode": "",
        "lat": float(x.latitude) if (own and x.latitude is not None) else None,
        "long": float(x.longitude) if (own and x.longitude is not None) else None,
        "media_url": "",
    }


def _day(text: str):
    """The local day of a w3c datetime or date; None when absent, False when it is not one."""
    if not text:
        return None
    try:
        value = parse_datetime(text)
        if value is None:
            day = parse_date(text)
            return day if day is not None else False
        if timezone.is_naive(value):
            return value.date()
        return timezone.localtime(value).date()
    except (ValueError, OverflowError):
        return False


def _visible(client: ApiClient | None):
    rows = Letter.objects.select_related("mailbox__org", "handler_org", "replied_by_org")
    if client is not None:
        return rows.filter(Q(client=client.name) | Q(is_published=True))
    return rows.filter(is_published=True)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def requests_(request: HttpRequest, fmt: str) -> HttpResponse:
    if not _fmt(fmt):
        return errors(404, "format must be json or xml", "json")
    if request.method == "POST":
        return _post(request, fmt)
    client = client_for(request.GET.get("api_key"))
    if request.GET.get("api_key") and client is None:
        return errors(403, "api_key is not valid", fmt)
    rows = _visible(client)
    ids = [i.strip() for i in (request.GET.get("service_request_id") or "").split(",") if i.strip()][:MAX_ROWS]
    if ids:
        rows = rows.filter(number__in=ids)
    else:
        code = request.GET.get("service_code") or ""
        if code:
            if code not in Letter.Type.values:
                return errors(400, "service_code not found", fmt)
            rows = rows.filter(type=code)
        status = request.GET.get("status") or ""
        if status == "open":
            rows = rows.filter(status__in=Letter.OPEN)
        elif status == "closed":
            rows = rows.exclude(status__in=Letter.OPEN)
        elif status:
            return errors(400, "status must be open or closed", fmt)
        bounds = [_day(request.GET.get(name) or "") for name in ("start_date", "end_date")]
        for name, value in zip(("start_date", "end_date"), bounds, strict=True):
            if value is False:
                return errors(400, f"{name} must be a w3c datetime", fmt)
        end = bounds[1] or timezone.localdate()
        start = bounds[0] or (end - timedelta(days=90) if end.toordinal() > 90 else end)
        rows = rows.filter(received_on__gte=start, received_on__lte=end)
    own = client.name if client else None
    out = [_row(x, own is not None and x.client == own) for x in rows.order_by("-received_on", "-pk")[:MAX_ROWS]]
    return render(out, "service_requests", fmt)


def _post(request: HttpRequest, fmt: str) -> HttpResponse:
    client = client_for(request.POST.get("api_key"))
    if client is None:
        return errors(403, "api_key is missing or not valid", fmt)
    if not check_rate(f"open311:post:{client.pk}", limit=POST_LIMIT, window_seconds=POST_WINDOW):
        return errors(429, "too many requests", fmt)
    p = request.POST
    code = p.get("service_code") or ""
    if code not in Letter.Type.values:
        return errors(
            400 if not code else 404, "service_code is required" if not code else "service_code not found", fmt
        )
    description = (p.get("description") or "").strip()
    if not description:
        return errors(400, "description is required", fmt)
    mailbox = client.mailbox
    if p.get("attribute[mailbox]"):
        mailbox = active_mailboxes().filter(code=p["attribute[mailbox]"][:40]).first()
        if mailbox is None:
            return errors(400, "attribute[mailbox] is not an active mailbox", fmt)
    external = (p.get("attribute[external_id]") or "").strip()
    if len(external) > 64:
        return errors(400, "attribute[external_id] is longer than 64 characters", fmt)
    if external:
        seen = Letter.objects.filter(client=client.name, external_ref=external).first()
        if seen is not None:
            return _posted(seen, fmt)
    coords = []
    for name, limit in (("lat", 90), ("long", 180)):
        try:
            value = Decimal(p[name]) if p.get(name) else None
        except (InvalidOperation, ValueError):
            return errors(400, f"{name} must be a number", fmt)
        if value is not None and (not value.is_finite() or not -limit <= value <= limit):
            return errors(400, f"{name} must be a number between -{limit} and {limit}", fmt)
        coords.append(value.quantize(Decimal("0.000001")) if value is not None else None)
    name = f"{p.get('last_name', '')}{p.get('first_name', '')}".strip() or "12345来电人"
    subject = (p.get("attribute[subject]") or "").strip() or description.splitlines()[0][:40]
    try:
        letter, _code = actions.write_letter(
            by=None,
            mailbox=mailbox,
            type=code,
            subject=subject[:100],
            content=description[: settings.LETTERS_CONTENT_MAX + 1],
            writer_name=name[:60],
            phone=(p.get("phone") or "")[:30],
            email=(p.get("email") or "")[:120],
            address=(p.get("address_string") or "")[:200],
            latitude=coords[0],
            longitude=coords[1],
            publish_consent=(p.get("attribute[publish_consent]") or "").lower() == "true",
            channel=Letter.Channel.OPEN311,
            client=client.name,
            external_ref=external,
        )
    except IntegrityError:  # the same external id pushed twice at once: the first one made the letter
        seen = Letter.objects.filter(client=client.name, external_ref=external).first()
        if seen is None:
            raise
        return _posted(seen, fmt)
    except SunlightError as exc:
        return errors(exc.status, exc.message, fmt)
    return _posted(letter, fmt, status=201)


def _posted(letter: Letter, fmt: str, status: int = 200) -> HttpResponse:
    notice = f"已收到，请于 {letter.accept_due_on.isoformat()} 前关注受理情况。"
    return render(
        [{"service_request_id": letter.number, "service_notice": notice, "account_id": ""}],
        "service_requests",
        fmt,
        status=status,
    )


@require_safe
def request_one(request: HttpRequest, number: str, fmt: str) -> HttpResponse:
    if not _fmt(fmt):
        return errors(404, "format must be json or xml", "json")
    client = client_for(request.GET.get("api_key"))
    if request.GET.get("api_key") and client is None:
        return errors(403, "api_key is not valid", fmt)
    letter = _visible(client).filter(number=number[:30]).first()
    if letter is None:
        return errors(404, "service_request_id not found", fmt)
    return render([_row(letter, client is not None and letter.client == client.name)], "service_requests", fmt)
