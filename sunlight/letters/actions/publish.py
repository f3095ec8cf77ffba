"""公开: a letter the writer allowed to be published, after masking, with the date received, the date answered,
the answering org and the reply. What the public reads is the masked copy; the letter itself never leaves."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from sunlight.cases.days import today
from sunlight.errors import Conflict, refuse
from sunlight.events.log import record
from sunlight.notify.public_cache import public_changed
from sunlight.screening import mask_matches, screen
from sunlight.search import service as search
from sunlight.search.types import IndexEntry

from ..models import Letter
from .rules import S, lock, require_dispatcher, text
from .write import plain

KIND = "letter"


def masked(value: str, names: list[str]) -> str:
    """The text with every personal detail screening finds (ID and card numbers, phones, e-mail, secrecy marks)
    and the writer's name masked."""
    return mask_matches(value, screen(value, [n for n in names if len(n) >= 2]))


def leftovers(value: str, names: list[str]) -> list[str]:
    return [m.text for m in screen(value, [n for n in names if len(n) >= 2])]


def index_entry(letter: Letter) -> IndexEntry:
    org = letter.replied_by_org or letter.mailbox.org
    return IndexEntry(
        kind=KIND,
        object_id=letter.pk,
        org_id=org.pk,
        org_path=org.path,
        title=letter.public_subject,
        summary=letter.public_reply[:300],
        body=f"{letter.public_content}\n{letter.public_reply}",
        url=reverse("letters:public", args=[letter.number]),
        published_at=timezone.make_aware(datetime.combine(letter.replied_on or letter.received_on, time(12))),
        genre_id=None,
        keywords=letter.get_type_display(),
    )


@transaction.atomic
def publish_letter(
    letter: Letter, *, by, subject: str = "", content: str = "", reply: str = "", on: date | None = None
) -> Letter:
    """Publish the masked letter and reply. Without the writer's consent it is refused; text staff edit is checked
    again, so nothing personal screening can find goes out."""
    letter = lock(letter)
    act = gettext("公开来信")
    require_dispatcher(by, letter, act)
    if not letter.publish_consent:
        raise Conflict(gettext("来信人未同意公开，这封来信不能公开。"), code="no_consent")
    if letter.status not in (S.REPLIED, S.CLOSED):
        raise Conflict(gettext("来信答复后才能公开。"), code="not_answered")
    names = [letter.writer_name]
    subject = plain(subject, gettext("公开标题"), 100) if subject.strip() else masked(letter.subject, names)
    content = plain(content, gettext("公开内容"), 8000) if content.strip() else masked(letter.content, names)
    reply = text(reply, gettext("公开答复"), 8000) if reply.strip() else masked(letter.reply, names)
    left = leftovers(subject, names) + leftovers(content, names) + leftovers(reply, names)
    if left:
        raise refuse(
            gettext("公开文本中仍有个人信息未遮盖：%(items)s。请遮盖后再公开。") % {"items": "、".join(left[:5])},
            "personal_data_left",
        )
    letter.is_published = True
    letter.published_on = on or today()
    letter.public_subject, letter.public_content, letter.public_reply = subject, content, reply
    letter.save(update_fields=["is_published", "published_on", "public_subject", "public_content", "public_reply"])
    search.index(index_entry(letter))
    record("letters.publish", actor=by, org=letter.mailbox.org, obj=letter)
    public_changed("letters")
    return letter


@transaction.atomic
def unpublish_letter(letter: Letter, *, by, reason: str) -> Letter:
    """撤回公开, with the reason (a writer who changed their mind, something personal found late)."""
    letter = lock(letter)
    act = gettext("撤回公开")
    require_dispatcher(by, letter, act)
    if not letter.is_published:
        raise Conflict(gettext("这封来信没有公开。"), code="not_published")
    reason = text(reason, gettext("撤回理由"), 2000)
    letter.is_published = False
    letter.save(update_fields=["is_published"])
    search.remove(KIND, letter.pk)
    record("letters.unpublish", actor=by, org=letter.mailbox.org, obj=letter, data={"reason": reason})
    public_changed("letters")
    return letter
