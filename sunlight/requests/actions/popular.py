"""第四十四条: information that several applicants asked for becomes a draft document of the disclosure catalog.

Which requests ask for the same information is found by sunlight.requests.popular (clusters); this is the act.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from sunlight.disclosure import actions as disclosure_actions
from sunlight.disclosure.models import Document, Genre
from sunlight.errors import refuse
from sunlight.events.log import record_many
from sunlight.orgs import scope
from sunlight.orgs.models import Org

from ..models import InfoRequest
from ..popular import describe, tokens
from ..repeats import applicant_key
from ..roles import HANDLER_ROLES

GENRE_CODE = "other"  # 体裁分类 其他: a compilation of requested information is none of the 15 official types


def _summary(n_applicants: int, description: str) -> str:
    # Catalog metadata (内容概述), legal Chinese like the notices; the draft is screened and reviewed before publication.
    return (
        f"根据《中华人民共和国政府信息公开条例》第四十四条，{n_applicants}名申请人申请公开相同的政府信息，"
        f"拟转为主动公开。申请内容：{description.strip()}"
    )


@transaction.atomic
def propose_for_disclosure(requests: list[InfoRequest], *, by, title: str) -> Document:
    """第四十四条: make a DRAFT document (体裁 其他, 主动公开) for information several applicants asked for, and
    link every request to it. All requests must be of one org, where `by` handles requests and may draft
    documents; none may already be linked."""
    pks = sorted({info_request.pk for info_request in requests})
    if not pks:
        raise refuse(gettext("请选择要转为主动公开的申请。"), "bad_request")
    locked = list(InfoRequest.objects.select_for_update().filter(pk__in=pks).order_by("pk"))
    if len(locked) != len(pks):
        raise refuse(gettext("部分申请不存在。"), "bad_request")
    org_ids = {info_request.org_id for info_request in locked}
    if len(org_ids) > 1:
        raise refuse(gettext("只能把同一机关收到的申请一并转为主动公开。"), "mixed_orgs")
    org = Org.objects.get(pk=org_ids.pop())
    scope.require(by, org, HANDLER_ROLES, what="将多人申请的信息转为主动公开")
    scope.require(by, org, disclosure_actions.AUTHOR, what="起草政府信息")
    linked = [info_request.number for info_request in locked if info_request.proactive_document_id]
    if linked:
        raise refuse(
            gettext("申请 %(linked)s 已转为主动公开，不能重复转入。") % {"linked": "、".join(linked)}, "already_linked"
        )
    title = (title or "").strip()
    if not title:
        raise refuse(gettext("请填写文件名称。"), "bad_request")
    genre = Genre.objects.filter(code=GENRE_CODE).first()
    if genre is None:
        raise refuse(gettext("体裁分类“其他”不存在，请管理员检查体裁分类。"), "genre_missing")
    sets = [(info_request, tokens(info_request.description)) for info_request in locked]
    keywords, best = describe(sets)
    applicants = len({applicant_key(info_request) for info_request in locked})
    doc = disclosure_actions.create_document(
        publisher=org,
        by=by,
        title=title,
        created_on=timezone.localdate(),
        genre=genre,
        source="request",
        summary=_summary(applicants, best.description),
        keywords=" ".join(keywords)[:200],
        attribute=Document.Attribute.PROACTIVE,
    )
    for info_request in locked:
        info_request.proactive_document = doc
        info_request.save(update_fields=["proactive_document", "updated_at"])
    numbers = [info_request.number for info_request in locked]
    record_many(
        [
            {
                "verb": "requests.propose_for_disclosure",
                "actor": by,
                "org": org,
                "obj": doc,
                "data": {"requests": numbers, "applicants": applicants},
            }
        ]
        + [
            {
                "verb": "requests.propose_for_disclosure",
                "actor": by,
                "org": org,
                "obj": info_request,
                "data": {"document_id": doc.pk, "index_number": doc.index_number, "title": doc.title},
            }
            for info_request in locked
        ]
    )
    return doc
