"""“这个指南有错”: a reader reports a mistake in a guide; the item's org marks it handled."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sunlight.errors import Conflict, SunlightError
from sunlight.events.log import record
from sunlight.orgs import scope

from ..models import GuideFeedback, ServiceItem
from .rules import EDITOR


@transaction.atomic
def report_guide_error(item: ServiceItem, *, text: str, contact: str = "") -> GuideFeedback:
    text = (text or "").strip()
    if not text:
        raise SunlightError(_("请写明指南哪里有错。"), code="text_required")
    if len(text) > 2000 or len(contact) > 100:
        raise SunlightError(_("内容过长：纠错内容不超过2000字，联系方式不超过100字。"), code="too_long")
    if item.current_id is None:
        raise SunlightError(_("该事项没有已发布的指南。"), code="not_published")
    feedback = GuideFeedback.objects.create(item=item, version_id=item.current_id, text=text, contact=contact.strip())
    record("catalog.feedback", actor="public", org=item.org, obj=item, data={"feedback": feedback.pk})
    from django.urls import reverse

    from sunlight.notify.todos import feed_role_todos

    transaction.on_commit(
        lambda: feed_role_todos(
            item.org_id,
            list(EDITOR),
            f"catalog-feedback:{feedback.pk}",
            _("指南纠错：%(name)s") % {"name": item.name[:60]},
            url=reverse("catalog_wb:feedback"),
        )
    )
    return feedback


@transaction.atomic
def handle_feedback(feedback: GuideFeedback, *, by, note: str) -> GuideFeedback:
    feedback = GuideFeedback.objects.select_for_update().select_related("item__org").get(pk=feedback.pk)
    scope.require(by, feedback.item.org, EDITOR, _("处理指南纠错"))
    if feedback.handled_at is not None:
        raise Conflict(_("这条纠错已经处理过了。"), code="already_handled")
    if not (note or "").strip():
        raise SunlightError(_("请写明处理说明。"), code="note_required")
    feedback.handled_at = timezone.now()
    feedback.handled_note = note.strip()
    feedback.save(update_fields=["handled_at", "handled_note"])
    record(
        "catalog.feedback_handled", actor=by, org=feedback.item.org, obj=feedback.item, data={"feedback": feedback.pk}
    )
    from sunlight.notify.todos import close_todos

    transaction.on_commit(lambda: close_todos(f"catalog-feedback:{feedback.pk}"))
    return feedback
