"""Export of any filter as the exchange workbook, and the round trip: export, import into an empty database."""

from __future__ import annotations

import io
from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse
from openpyxl import load_workbook

from sunlight.accounts.models import User
from sunlight.catalog import actions
from sunlight.catalog.elements import of_version
from sunlight.catalog.importing import import_file
from sunlight.catalog.models import BasicItem, Citation, ServiceItem, ServiceItemVersion
from sunlight.orgs.models import Membership, Role

from . import builders as b


def snapshot() -> list:
    out = []
    for v in ServiceItemVersion.objects.select_related("item__parent").order_by("item__code", "number"):
        item = v.item
        out.append(
            (
                item.code,
                item.basic_code,
                item.tier,
                item.parent.code if item.parent else "",
                item.status,
                item.org_id,
                v.number,
                v.state,
                v.operation,
                v.reason,
                v.effective_from,
                v.effective_until,
                of_version(v).model_dump(),
            )
        )
    return out


def test_the_export_follows_the_item_list_filters(client, crew):
    b.published(crew.org, crew.editor, crew.reviewer)
    b.drafted(crew.org, crew.editor, basic_code="CF00001000", kind="penalty", name="对违法经营的处罚")
    client.force_login(crew.editor)
    response = client.get(reverse("catalog_wb:export"), {"kind": "penalty"})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(book["事项"].iter_rows(values_only=True))
    assert [r[8] for r in rows[1:]] == ["对违法经营的处罚"] and rows[1][9] == "行政处罚"
    response = client.get(reverse("catalog_wb:export"), {"status": "active", "q": "食品"})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert [r[8] for r in list(book["事项"].iter_rows(values_only=True))[1:]] == ["食品经营许可"]
    assert len(list(book["材料"].iter_rows(values_only=True))) == 4


def test_export_then_import_into_an_empty_database_gives_the_same_data(client, crew):
    old = date.today() - timedelta(days=200)
    v1 = b.published(crew.org, crew.editor, crew.reviewer, on=old)
    b.changed(v1.item, crew.editor, crew.reviewer, on=date.today() - timedelta(days=20), promised_limit=9)
    sub = actions.add_item(
        crew.org,
        b.data(name="食品经营许可（延续）"),
        by=crew.editor,
        basic_code="XK00001001",
        reason="新设子项",
        tier="sub",
        parent=v1.item,
    )
    actions.submit_version(sub, by=crew.editor)
    actions.publish_version(sub, by=crew.reviewer, effective_from=old)
    service = b.data(
        kind="public_service",
        name="证明查询",
        citations=[],
        guide={
            "faq": [{"question": "要钱吗？", "answer": "不收费。"}],
            "intermediaries": [{"name": "检测", "basis": "条例"}],
        },
    )
    drafted = actions.add_item(crew.org, service, by=crew.editor, basic_code="GG00001000", reason="新设")
    actions.submit_version(drafted, by=crew.editor)  # stays submitted: exported and imported as it is
    before = snapshot()
    client.force_login(crew.reviewer)
    response = client.get(reverse("catalog_wb:export"))
    content = b"".join(response.streaming_content)
    with transaction.atomic():
        Citation.objects.all().delete()
        ServiceItem.objects.update(current=None, parent=None)
        ServiceItemVersion.objects.all().delete()
        ServiceItem.objects.all().delete()
        BasicItem.objects.all().delete()
    Membership.objects.create(user=crew.editor, org=crew.org, role=Role.REVIEWER)
    importer = User.objects.get(pk=crew.editor.pk)  # fresh: memberships are cached on the user
    outcome = import_file(io.BytesIO(content), org=crew.org, by=importer, publish=True)
    assert outcome.errors == [] and outcome.created == 4
    after = snapshot()
    assert after == before
    assert BasicItem.objects.count() == 2  # the published basic codes
