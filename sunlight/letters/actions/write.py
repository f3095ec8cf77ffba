"""写信: a letter arrives — from the website (with an account or with a query code), a 12345 system (Open311) or
a window — with its attachments checked like every upload."""

from __future__ import annotations

import re
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext

from sunlight.cases.days import today
from sunlight.cases.uploads import no_files_left_on_failure, written
from sunlight.clock.calendar import get_calendar
from sunlight.disclosure import attachments
from sunlight.errors import refuse
from sunlight.events.log import record
from sunlight.numbering import create_numbered
from sunlight.orgs import scope
from sunlight.query_codes import hash_query_code, new_query_code
from sunlight.screening import screen

from ..models import Letter, LetterAttachment, Mailbox
from .rules import DISPATCH_ROLES, ask, text, todo_title

# Markup a browser would run or render: a letter is plain text, and markup in it is either a mistake or an attack.
MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|javascript\s*:", re.IGNORECASE)
# Control characters no one types (tab and newlines aside): they break XML and CSV readers of the letter.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
MAX_FILES = 5
NAME_MAX = 60


def plain(value: str, what: str, max_length: int) -> str:
    value = text(value, what, max_length)
    if CONTROL.search(value):
        raise refuse(gettext("%(what)s中含有不可见的控制字符，请删除后再提交。") % {"what": what}, "control_characters")
    if MARKUP.search(value):
        raise refuse(
            gettext("%(what)s中含有网页代码或脚本（如 <script>），请删除后再提交。") % {"what": what}, "markup"
        )
    return value


def _attach(letter: Letter, files) -> list[dict]:
    events = []
    for name, data in files:
        inspected = attachments.inspect(data, name, max_bytes=settings.DISCLOSURE_ATTACHMENT_MAX_BYTES)
        findings = len(screen(inspected.text or "")) if getattr(inspected, "text", "") else 0
        row = LetterAttachment(
            letter=letter,
            name=attachments.check_filename(name),
            kind=inspected.kind,
            size=inspected.size,
            sha256=inspected.sha256,
            findings=min(findings, 32000),
        )
        event = attachments.store(row, inspected, f"letter.{row.name.rsplit('.', 1)[-1].lower()}")
        written(row.file.name)
        events.append(event)
    return events


@no_files_left_on_failure
@transaction.atomic
def write_letter(
    *,
    by,
    mailbox: Mailbox,
    type: str,
    subject: str,
    content: str,
    writer_name: str = "",
    phone: str = "",
    email: str = "",
    publish_consent: bool = False,
    region=None,
    address: str = "",
    latitude=None,
    longitude=None,
    channel: str = Letter.Channel.WEB,
    client: str = "",
    external_ref: str = "",
    files=(),
    on: date | None = None,
) -> tuple[Letter, str]:
    """A letter to a mailbox. `by` is the writer's account, or None for a writer without one (a query code is made
    and returned, shown once), or the staff member registering a 12345 call or a walk-in. Returns (letter, code)."""
    signed_in = getattr(by, "is_authenticated", False)
    is_staff = signed_in and getattr(by, "kind", "") == "staff"
    if channel not in Letter.Channel.values:
        raise refuse(gettext("来信渠道不正确。"), "bad_channel")
    if is_staff and channel == Letter.Channel.WEB:
        raise PermissionDenied(gettext("工作人员请在工作台登记来信。"))
    if not isinstance(mailbox, Mailbox) or not mailbox.is_active:
        raise refuse(gettext("请选择一个正在受理来信的信箱。"), "mailbox_required")
    if is_staff:
        scope.require(by, mailbox.org, DISPATCH_ROLES, gettext("登记来信"))
    if type not in Letter.Type.values:
        raise refuse(gettext("请选择来信类型：咨询、建议、投诉、求助或举报。"), "bad_type")
    subject = plain(subject, gettext("标题"), 100)
    content = plain(content, gettext("内容"), settings.LETTERS_CONTENT_MAX)
    if signed_in and not is_staff:
        writer_name = writer_name or by.real_name or by.display_name or by.username
        phone = phone or getattr(by, "phone", "")
        email = email or by.email
    writer_name = plain(writer_name, gettext("姓名"), NAME_MAX)
    phone = (phone or "").strip()[:30]
    email = (email or "").strip()[:120]
    if phone and not re.fullmatch(r"[0-9+\- ]{5,30}", phone):
        raise refuse(gettext("联系电话只能包含数字、空格、“+”和“-”。"), "bad_phone")
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise refuse(gettext("电子邮箱格式不正确。"), "bad_email")
    address = (address or "").strip()[:200]
    if address and (MARKUP.search(address) or CONTROL.search(address)):
        raise refuse(gettext("地点中含有网页代码或脚本，请删除后再提交。"), "markup")
    files = list(files or ())
    if len(files) > MAX_FILES:
        raise refuse(gettext("附件最多 %(n)s 个。") % {"n": MAX_FILES}, "too_many_files")
    received = on or today()
    if received > today():
        raise refuse(gettext("来信日期不能晚于今天。"), "future_date")
    code = "" if (signed_in and not is_staff) else new_query_code()
    letter = create_numbered(
        Letter,
        "XJ",
        received,
        mailbox=mailbox,
        type=type,
        channel=channel,
        subject=subject,
        content=content,
        region=region,
        address=address,
        latitude=latitude,
        longitude=longitude,
        writer_user=by if (signed_in and not is_staff) else None,
        writer_name=writer_name,
        phone=phone,
        email=email,
        query_code_hash=hash_query_code(code) if code else "",
        publish_consent=bool(publish_consent),
        client=(client or "")[:60],
        external_ref=(external_ref or "")[:64],
        received_on=received,
        accept_due_on=get_calendar().add_working_days(received, settings.LETTERS_ACCEPT_DAYS),
        trail=[{"on": received.isoformat(), "act": "write", "text": gettext("收到来信")}],
    )
    files_recorded = _attach(letter, files)
    record(
        "letters.write",
        actor=by if signed_in else "public",
        org=mailbox.org,
        obj=letter,
        data={
            "mailbox": mailbox.code,
            "type": type,
            "channel": channel,
            "consent": letter.publish_consent,
            "files": files_recorded,
            "client": letter.client,
        },
    )
    ask(letter, mailbox.org, DISPATCH_ROLES, "accept", todo_title(letter, gettext("受理")))
    return letter, code
