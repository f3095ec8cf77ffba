"""How a request comes in: submitted online, registered by staff, split into one request per matter (一事一申请);
and a handler's look at the applicant's personal data. Facts: disclosure-law.md (Art. 29–31)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from sunlight.clock.clock import Clock
from sunlight.crypto import blind_index
from sunlight.errors import refuse
from sunlight.events.log import record
from sunlight.orgs import scope
from sunlight.orgs.models import Org
from sunlight.query_codes import hash_query_code, new_query_code

from .. import law
from ..models import ApplicantType, InfoRequest
from ..notices import issue_notice
from ..roles import HANDLER_ROLES, HANDLING_KINDS
from .common import once, tell_handlers
from .rules import lock, require_handler, require_open, save_clock


@dataclass
class Applicant:
    """Who asks: what the form or the staff member enters."""

    type: ApplicantType
    name: str
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


def _new_number(on: date) -> str:
    return f"YSQ{on:%Y%m%d}{secrets.randbelow(10**6):06d}"


def _create(**fields) -> InfoRequest:
    # The number has six random digits per day; on the rare clash take another.
    for _ in range(5):
        try:
            with transaction.atomic():
                return InfoRequest.objects.create(number=_new_number(fields["received_on"]), **fields)
        except IntegrityError:
            continue
    raise IntegrityError("could not allocate a request number")


def _intake(
    *,
    org: Org,
    applicant: Applicant,
    channel: str,
    received_on: date,
    description: str,
    format: str,
    delivery: str,
    user=None,
    query_code_hash: str = "",
) -> InfoRequest:
    description = (description or "").strip()
    if not description:
        raise refuse(gettext("请描述所需政府信息（名称、文号或便于查询的特征）。"), "bad_request")
    if not applicant.name.strip():
        raise refuse(gettext("请填写申请人姓名或名称。"), "bad_request")
    if received_on > timezone.localdate():
        raise refuse(gettext("收到申请日期不能晚于今天。"), "bad_request")
    if format not in InfoRequest.Format.values or delivery not in InfoRequest.Delivery.values:
        raise refuse(gettext("载体形式或获取方式不在可选范围内。"), "bad_request")
    info_request = _create(
        org=org,
        channel=channel,
        applicant_user=user,
        applicant_type=applicant.type,
        applicant_name=applicant.name.strip(),
        id_number=applicant.id_number.strip(),
        phone=applicant.phone.strip(),
        email=applicant.email.strip(),
        address=applicant.address.strip(),
        id_number_index=blind_index(applicant.id_number, purpose="requests.id_number")
        if applicant.id_number.strip()
        else "",
        description=description,
        format=format,
        delivery=delivery,
        query_code_hash=query_code_hash,
        submitted_at=timezone.now(),
        received_on=received_on,
    )
    clock = Clock(law.limit(law.REPLY).days).start(received_on, "收到申请")
    save_clock(info_request, clock)
    return info_request


@transaction.atomic
def submit_online(
    *, org: Org, applicant: Applicant, description: str, format: str, delivery: str, user=None
) -> tuple[InfoRequest, str]:
    """A request through the portal. Art. 31: online, received on the day both sides confirm — the
    system confirms at once, so that is today. Without an account the applicant gets a query code,
    shown once; only its keyed hash is kept. Returns (request, query code or "")."""
    if org.kind not in HANDLING_KINDS:
        raise refuse(gettext("该机构不受理政府信息公开申请。"), "bad_request")
    code = "" if user is not None and user.is_authenticated else new_query_code()
    info_request = _intake(
        org=org,
        applicant=applicant,
        channel=InfoRequest.Channel.ONLINE,
        received_on=timezone.localdate(),
        description=description,
        format=format,
        delivery=delivery,
        user=user if code == "" else None,
        query_code_hash=hash_query_code(code) if code else "",
    )
    record(
        "requests.submit",
        actor=user if code == "" else None,
        org=org,
        obj=info_request,
        data={"channel": info_request.channel, "received_on": info_request.received_on.isoformat()},
    )
    issue_notice(info_request, "receipt", on=info_request.received_on, context={})
    tell_handlers(info_request, f"新申请 {info_request.number}：请办理")
    return info_request, code


ONLINE_SCOPE = "requests.online"


@dataclass
class OnlineSubmission:
    info_request: InfoRequest
    code: str  # the query code to show ("" for an account's request, or a replay whose code was already shown)
    replayed: bool  # the key had filed this request before: nothing new was filed
    key_id: int  # the SubmissionKey row (the result page marks it shown)


@transaction.atomic
def submit_online_once(*, key: str, fingerprint: str = "", user=None, **submission) -> OnlineSubmission:
    """submit_online guarded by an idempotency key (the form's one-time key or the API's Idempotency-Key header).

    A second submission with the same key (double click, reload, back and resubmit, a retry after a lost
    response) files nothing and returns the first request, flagged as a replay. The platform keeps no plain
    query code, so a replay for an applicant without an account gets a fresh code that replaces the unseen one
    (unless the web result page already showed it: then it stays the only one)."""
    codes: list[str] = []

    def create() -> InfoRequest:
        info_request, code = submit_online(user=user, **submission)
        codes.append(code)
        return info_request

    info_request, outcome = once(ONLINE_SCOPE, key=key, submitter=user, create=create, fingerprint=fingerprint)
    if not outcome.replay:
        return OnlineSubmission(info_request, codes[0], False, outcome.row.pk)
    code = ""
    if info_request.query_code_hash and not outcome.row.shown:
        code = new_query_code()
        # Every request the unseen code followed (a split keeps the code) follows the new one instead.
        InfoRequest.objects.filter(query_code_hash=info_request.query_code_hash).update(
            query_code_hash=hash_query_code(code)
        )
        info_request.query_code_hash = hash_query_code(code)
        record("requests.query_code_reissued", org=info_request.org, obj=info_request, data={})
    return OnlineSubmission(info_request, code, True, outcome.row.pk)


@transaction.atomic
def register(
    *,
    by,
    org: Org,
    applicant: Applicant,
    channel: str,
    received_on: date,
    description: str,
    format: str,
    delivery: str,
    on: date | None = None,
) -> InfoRequest:
    """Staff enter a request that came in person, by post, fax or e-mail; received_on follows Art. 31
    (in person: the day handed in; registered post: the day signed for; ordinary post: the day
    confirmed with the applicant; fax / e-mail: the day both sides confirmed). `on` is the day the
    receipt is issued (today unless a past register is being entered, e.g. migrated records)."""
    scope.require(by, org, HANDLER_ROLES, what="登记政府信息公开申请")
    if channel not in InfoRequest.Channel.values or channel == InfoRequest.Channel.ONLINE:
        raise refuse(gettext("请选择申请方式（当面、邮寄、传真或电子邮件）。"), "bad_request")
    info_request = _intake(
        org=org,
        applicant=applicant,
        channel=channel,
        received_on=received_on,
        description=description,
        format=format,
        delivery=delivery,
    )
    on = on or timezone.localdate()
    if on < received_on or on > timezone.localdate():  # after _intake, which explains a future receipt date first
        raise refuse(gettext("回执日期须在收到申请之日和今天之间。"), "bad_request")
    record(
        "requests.register",
        actor=by,
        org=org,
        obj=info_request,
        data={"channel": channel, "received_on": received_on.isoformat()},
    )
    issue_notice(info_request, "receipt", on=on, context={})
    tell_handlers(info_request, f"新申请 {info_request.number}：请办理")
    return info_request


@transaction.atomic
def register_once(*, key: str, by, **registration) -> tuple[InfoRequest, bool]:
    """register guarded by the form's one-time key: a double click or a resubmitted page registers one request.
    Returns (request, replayed)."""
    info_request, outcome = once(
        "requests.register", key=key, submitter=by, create=lambda: register(by=by, **registration)
    )
    return info_request, outcome.replay


@transaction.atomic
def split_request(info_request: InfoRequest, *, by, parts: list[str], on: date | None = None) -> list[InfoRequest]:
    """一事一申请: a submission with several unrelated matters becomes one request per matter. The request
    keeps parts[0]; each other part is a new request of the same applicant, received the same day (its
    own clock from that day, its own receipt), followed with the same account or query code.
    Returns [the original, *the new ones]."""
    info_request = lock(info_request)
    require_handler(by, info_request)
    require_open(info_request)
    on = on or timezone.localdate()
    parts = [p.strip() for p in parts or [] if isinstance(p, str) and p.strip()]
    if len(parts) < 2:
        raise refuse(gettext("拆分须至少有两项彼此无关的申请内容。"), "bad_request")
    if on < info_request.received_on:
        raise refuse(gettext("拆分日期不能早于收到申请日期。"), "bad_request")
    before = info_request.description
    info_request.description = parts[0]
    info_request.save(update_fields=["description", "updated_at"])
    copied = {
        f: getattr(info_request, f)
        for f in (
            "org",
            "channel",
            "applicant_user",
            "applicant_type",
            "applicant_name",
            "id_number",
            "id_number_index",
            "phone",
            "email",
            "address",
            "format",
            "delivery",
            "query_code_hash",
            "submitted_at",
            "received_on",
        )
    }
    created = []
    for part in parts[1:]:
        new = _create(**copied, description=part, split_from=info_request)
        save_clock(
            new, Clock(law.limit(law.REPLY).days).start(new.received_on, f"收到申请（拆分自{info_request.number}）")
        )
        record(
            "requests.split_off",
            actor=by,
            org=new.org,
            obj=new,
            data={"split_from": info_request.number, "received_on": new.received_on.isoformat()},
        )
        issue_notice(new, "receipt", on=on, context={})
        created.append(new)
    record(
        "requests.split",
        actor=by,
        org=info_request.org,
        obj=info_request,
        before={"description": before},
        after={"description": info_request.description},
        data={"into": [info_request.number for info_request in created], "on": on.isoformat()},
    )
    return [info_request, *created]


@transaction.atomic
def reveal_personal_data(info_request: InfoRequest, *, by, ip: str | None = None) -> None:
    """显示完整信息: a handler looks at the decrypted personal data; who looked, and when, is recorded."""
    scope.require(by, info_request.org, HANDLER_ROLES, what="查看申请人完整信息")
    record(
        "requests.reveal_personal_data",
        actor=by,
        org=info_request.org,
        obj=info_request,
        ip=ip,
        data={"fields": ["applicant_name", "id_number", "phone", "email", "address"]},
    )
