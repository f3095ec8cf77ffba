"""One way to make catalog records for tests: valid version data, and items drafted, submitted and published
through the acts."""

from __future__ import annotations

import copy
import itertools
from datetime import date

from sunlight.catalog import actions
from sunlight.catalog.elements import VersionData
from sunlight.catalog.kinds import kind_codes
from sunlight.catalog.models import Law, NegativeListEntry, ServiceItem, ServiceItemVersion

FOOD_LAW = "中华人民共和国食品安全法"

VALID = {
    "name": "食品经营许可",
    "kind": "permit",
    "competent_department": "市场监督管理部门",
    "implementing_body": "区市场监督管理局",
    "level": "county",
    "division": "食品经营监管科",
    "statutory_limit": 20,
    "statutory_unit": "workdays",
    "promised_limit": 10,
    "promised_unit": "workdays",
    "handling": "promised",
    "visits": 1,
    "visits_reason": "领取许可证",
    "online_depth": 3,
    "charges_fee": False,
    "audience": "company",
    "life_events": ["qualify"],
    "citations": [
        {
            "law_title": FOOD_LAW,
            "article": 35,
            "clause": 1,
            "excerpt": "从事食品生产、食品销售、餐饮服务，应当依法取得许可。",
        }
    ],
    "guide": {
        "conditions": ["具有与经营的食品品种、数量相适应的经营场所"],
        "materials": [
            {
                "name": "食品经营许可申请书",
                "form": "original",
                "copies": 1,
                "source": "applicant",
                "blank_form": "申请书.docx",
            },
            {"name": "营业执照", "form": "copy", "source": "government"},
            {"name": "授权委托书", "required": False, "condition": "委托他人办理的", "source": "applicant"},
        ],
        "steps": [
            {"name": "受理", "actor": "政务服务中心窗口", "days": 1},
            {"name": "审查", "actor": "食品经营监管科", "days": 5},
            {"name": "决定", "actor": "分管局领导", "days": 2},
            {"name": "送达", "actor": "政务服务中心窗口", "days": 1},
        ],
        "result": {"name": "食品经营许可证", "type": "certificate"},
        "delivery": ["窗口领取", "邮寄"],
        "place": "青溪区政务服务中心二楼 A01 窗口",
        "hours": "工作日 9:00–12:00，13:30–17:00",
        "phones": {"consult": "0999-12345678", "complaint": "12345"},
        "duties": [
            {
                "duty": "依法审查申请材料",
                "accountability": "对不符合条件的申请准予许可的",
                "basis": "食品安全法第一百四十四条",
            }
        ],
        "oversight": [{"method": "双随机抽查", "frequency": "每年一次", "random_pool": "食品经营者名录库"}],
    },
}


def data(**patch) -> VersionData:
    """Valid version data, with top-level fields replaced (guide: merged key by key)."""
    raw = copy.deepcopy(VALID)
    guide_patch = patch.pop("guide", None)
    raw.update(patch)
    if guide_patch:
        raw["guide"].update(guide_patch)
    return VersionData.model_validate(raw)


def food_law() -> Law:
    return Law.objects.get_or_create(title=FOOD_LAW, defaults={"articles": 154})[0]


def drafted(org, editor, *, basic_code="XK00001000", **patch) -> ServiceItemVersion:
    food_law()
    return actions.add_item(org, data(**patch), by=editor, basic_code=basic_code, reason="新设事项")


def published(org, editor, reviewer, *, on: date | None = None, **patch) -> ServiceItemVersion:
    version = drafted(org, editor, **patch)
    actions.submit_version(version, by=editor)
    return actions.publish_version(version, by=reviewer, effective_from=on)


def changed(item, editor, reviewer, *, on: date | None = None, reason="调整承诺时限", **patch) -> ServiceItemVersion:
    version = actions.draft_change(item, data(**patch), by=editor, reason=reason)
    actions.submit_version(version, by=editor)
    return actions.publish_version(version, by=reviewer, effective_from=on)


def suspended(item, editor, reviewer, *, reason="系统升级，暂停受理") -> ServiceItemVersion:
    version = actions.suspend_item(item, by=editor, reason=reason)
    actions.submit_version(version, by=editor)
    return actions.publish_version(version, by=reviewer)


def cancelled(item, editor, reviewer, *, reason="法律修订，取消该许可") -> ServiceItemVersion:
    version = actions.cancel_item(item, by=editor, reason=reason)
    actions.submit_version(version, by=editor)
    return actions.publish_version(version, by=reviewer)


# Browse and lists: many items of any kind, each with its own basic code (base elements never clash).
_serials = itertools.count(501)


def item_of(org, editor, reviewer, *, name: str, kind: str = "permit", **patch) -> ServiceItem:
    """A published item named `name` of `kind` (a basic code of its own); patch any element as in data()."""
    basic_code = f"{kind_codes()[kind]}{next(_serials):05d}000"
    return published(org, editor, reviewer, basic_code=basic_code, name=name, kind=kind, **patch).item


def draft_of(org, editor, *, name: str, kind: str = "permit", **patch) -> ServiceItem:
    """An item never published (only a draft of its first version)."""
    basic_code = f"{kind_codes()[kind]}{next(_serials):05d}000"
    return drafted(org, editor, basic_code=basic_code, name=name, kind=kind, **patch).item


def negative_entry(number: str, category: str, *, industry: str, code: str, title: str, **fields):
    """A 负面清单 entry (prohibited / restricted), optionally linked to items (items=[…])."""
    items = fields.pop("items", ())
    entry = NegativeListEntry.objects.create(
        number=number, category=category, industry=industry, industry_code=code, title=title, **fields
    )
    entry.items.set(items)
    return entry


def import_row(
    org,
    *,
    basic_code="XK00001000",
    serial=1,
    number=1,
    operation="add",
    reason="新设事项",
    tier="main",
    parent_code="",
    effective_from: date | None = None,
    **patch,
) -> dict:
    """One row of an import workbook: the version's meta (code, number, operation …) and its data."""
    from sunlight.catalog import codes

    version_data = data(**patch)
    return {
        "meta": {
            "code": codes.implementation_code(basic_code, org, version_data.level, serial),
            "basic_code": basic_code,
            "number": number,
            "operation": operation,
            "reason": reason,
            "tier": tier,
            "parent_code": parent_code,
            "credit": org.credit_code,
            "effective_from": effective_from,
        },
        "data": version_data,
    }


def workbook(rows: list[dict], *, name="事项.xlsx", edit=None):
    """An uploaded exchange workbook of `rows` (import_row); `edit(book)` may spoil it before saving."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    from sunlight.catalog.importing import shape
    from sunlight.orgs.models import Org

    credit_of = dict(Org.objects.exclude(credit_code=None).values_list("pk", "credit_code"))
    book = Workbook()
    main = book.active
    main.title = shape.ITEM_SHEET
    main.append(list(shape.ITEM_HEADERS))
    for sheet, headers in shape.SUB_HEADERS.items():
        book.create_sheet(sheet).append(list(headers))
    for row in rows:
        main.append(shape.item_cells(row["meta"], row["data"]))
        for sheet in shape.SUB_SHEETS:
            key = (row["meta"]["code"], row["meta"]["number"])
            for cells in shape.sub_cells(sheet, key, row["data"], credit_of):
                book[sheet].append(cells)
    if edit is not None:
        edit(book)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/vnd.ms-excel")


def workbench_post(**extra) -> dict:
    """The workbench version form filled with VALID, as a browser posts it (formsets with their management forms)."""
    raw = copy.deepcopy(VALID)
    guide = raw.pop("guide")
    post: dict = {k: v for k, v in raw.items() if k not in ("citations", "life_events", "charges_fee")}
    post["statutory_limit"] = raw["statutory_limit"]
    post["life_events"] = raw["life_events"]
    post["conditions"] = "\n".join(guide["conditions"])
    post["delivery"] = "\n".join(guide["delivery"])
    post.update(
        result_name=guide["result"]["name"],
        result_type=guide["result"]["type"],
        result_sample="",
        place=guide["place"],
        hours=guide["hours"],
        phone_consult=guide["phones"]["consult"],
        phone_complaint=guide["phones"]["complaint"],
    )
    lists = {"citations": raw["citations"], **{k: guide.get(k, []) for k in ("materials", "steps", "fees")}}
    lists.update(faq=[], duties=guide["duties"], oversight=guide["oversight"])
    for prefix, rows in lists.items():
        post[f"{prefix}-TOTAL_FORMS"] = len(rows) + 1  # one blank row, ignored
        post[f"{prefix}-INITIAL_FORMS"] = 0
        for i, row in enumerate(rows):
            for key, value in row.items():
                if isinstance(value, bool):
                    if value:
                        post[f"{prefix}-{i}-{key}"] = "on"
                else:
                    post[f"{prefix}-{i}-{key}"] = "" if value is None else value
        if prefix == "materials":
            for i, row in enumerate(rows):
                if row.get("required", True):
                    post[f"{prefix}-{i}-required"] = "on"
    post.update(extra)
    return post
