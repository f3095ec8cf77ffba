"""公开指南: an org's disclosure guide."""

from __future__ import annotations

from django.db import transaction

from sunlight.events.log import record
from sunlight.orgs import scope
from sunlight.orgs.models import Org

from ..sanitize import clean_html
from .rules import AUTHOR


@transaction.atomic
def save_guide(org: Org, *, by, body_html: str):
    """公开指南 of an org: written by its disclosure officers, shown on the public catalog at once."""
    from sunlight.notify.public_cache import public_changed

    from ..models import DisclosureGuide

    scope.require(by, org, AUTHOR, "编辑公开指南")
    disclosure_guide = DisclosureGuide.objects.select_for_update().filter(org=org).first()
    before = disclosure_guide.body_html if disclosure_guide else ""
    disclosure_guide, _created = DisclosureGuide.objects.update_or_create(
        org=org, defaults={"body_html": clean_html(body_html), "updated_by": by}
    )
    record("disclosure.guide", actor=by, org=org, obj=org, data={"changed": before != disclosure_guide.body_html})
    public_changed("disclosure")
    return disclosure_guide
