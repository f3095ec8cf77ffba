"""Check every row of a workbook and write all of it, or nothing: the catalog's bulk import.

One pass over 事项 in batches (after the sub-sheets are grouped by 实施编码 + 版本号): each row is read, validated
by pydantic, checked by every rule of rules.RULES through one checks.Context loaded once for the file (and
extended with the file's own rows), and, while the file has no error yet, written with bulk_create inside the
file's one transaction. File-wide checks (parents, cycles, names) run at the end; any error rolls the whole
transaction back and the caller writes the error workbook. Per batch there are a fixed number of queries
(the items and versions of the batch's codes), never one per row.
"""

from __future__ import annotations

import gc
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import IO

from django.db import transaction
from django.utils import timezone
from pydantic import ValidationError

from sunlight.errors import SunlightError
from sunlight.events.log import record
from sunlight.orgs import scope
from sunlight.orgs.models import Org
from sunlight.search import service as search

from .. import checks, codes, indexing
from ..actions.drafting import PARENT_TIERS
from ..actions.review import STATUS_AFTER
from ..actions.rules import EDITOR, REVIEWER
from ..elements import VersionData, of_version, version_fields
from ..kinds import Operation, Tier
from ..models import BasicItem, Citation, ServiceItem, ServiceItemVersion
from ..rules import RULES, Subject, broken
from . import bulk, shape
from .reader import key_of, open_workbook, rows

V = ServiceItemVersion.State
BATCH = 1000
# Where a broken rule is shown: (sheet or None for 事项, column); material/step rules point at their rows.
RULE_COLUMN = {
    "limit.promised_within_statutory": "承诺办结时限",
    "limit.steps_within_promised": "承诺办结时限",
    "handling.on_the_spot": "办件类型",
    "visits.fully_online": "到现场次数",
    "visits.reason": "到现场原因",
    "fee.none_no_standard": "是否收费",
    "fee.standard": "是否收费",
    "material.source": "来源渠道",
    "material.condition": "需要情形",
    "basis.required": "设定依据",
    "step.actor_in_org": "办理机构统一社会信用代码",
    "basis.resolves": "设定依据",
    "name.unique_in_org": "事项名称",
    "base.identical": "基本编码",
}
FIRST_OPERATIONS = (Operation.ADD, Operation.SPLIT, Operation.MERGE)


@dataclass
class Outcome:
    total: int = 0
    created: int = 0
    unchanged: int = 0
    published: int = 0
    # (sheet, row, column, message), in the order found
    errors: list[tuple[str, int, str, str]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def error(self, sheet: str, row: int, column: str, message: str) -> None:
        self.errors.append((sheet, row, column, message))


@dataclass
class ItemInfo:
    """What the import knows of one code: from the database or from the file's earlier rows."""

    pk: int | None
    org_id: int
    basic_code: str
    tier: str
    parent_code: str
    row: int  # first row of the code in the file (0: only in the database)
    last_number: int = 0
    last_from: date | None = None
    last_version_pk: int | None = None
    last_version: ServiceItemVersion | None = None  # created in this file, not yet saved
    open_version: bool = False
    last_needs_until: bool = False  # the last version is published and still in force
    from_db: bool = False
    status: str = ServiceItem.Status.DRAFT
    name: str = ""
    kind: str = ""
    parent_id: int | None = None
    obj: ServiceItem | None = None
    current: ServiceItemVersion | None = None
    touched: bool = False


@dataclass
class Row:
    number: int
    key: tuple[str, int]
    meta: dict
    data: VersionData
    org_id: int
    sub_rows: dict[str, list[int]]


class _Rollback(Exception):
    pass


class Importer:
    def __init__(self, *, org: Org, by, publish: bool, progress: Callable[[int, int], None] | None = None) -> None:
        self.org, self.by, self.publish, self.progress = org, by, publish, progress
        self.out = Outcome()
        self.today = timezone.localdate()
        self.started = timezone.now()
        subtree = Org.objects.filter(path__startswith=org.path)
        editor = subtree.filter(scope.org_q(by, "", EDITOR))
        self.may_edit = dict(editor.exclude(credit_code=None).values_list("credit_code", "pk"))
        self.may_publish = set(subtree.filter(scope.org_q(by, "", REVIEWER)).values_list("pk", flat=True))
        self.org_by_credit = dict(Org.objects.exclude(credit_code=None).values_list("credit_code", "pk"))
        self.ctx = checks.Context(
            laws=checks.laws(),
            org_within=checks.org_within(self.may_edit.values()),
            basic=checks.basic_bases(),
            names=checks.names_in_force(self.may_edit.values()),
            today=self.today,
        )
        self.db_basic = set(self.ctx.basic)
        self.law_ids = dict(checks.Law.objects.values_list("title", "pk"))
        self.items: dict[str, ItemInfo] = {}
        self.names: dict[tuple[int, str], str] = {}
        self.seen: set[tuple[str, int]] = set()
        self.new_basic: dict[str, tuple] = {}
        self.until: dict[date, list[int]] = defaultdict(list)

    # --- reading

    def load_subs(self, book) -> dict[tuple[str, int], dict[str, list[tuple[int, dict]]]]:
        subs: dict = defaultdict(lambda: defaultdict(list))
        for sheet in shape.SUB_SHEETS:
            if sheet not in book.sheetnames:
                continue
            for number, raw in rows(book, sheet, intern=True):
                key = key_of(raw)
                if key is None:
                    self.out.error(sheet, number, "实施编码", "实施编码和版本号（正整数）必填。")
                    continue
                try:
                    entry = shape.sub_entry(sheet, raw, self.org_by_credit)
                except shape.CellError as exc:
                    self.out.error(sheet, number, exc.column, exc.message)
                    continue
                subs[key][sheet].append((number, entry))
        return subs

    def parse(self, number: int, raw: dict, subs: dict) -> Row | None:
        err = self.out.error
        sheet = shape.ITEM_SHEET
        key = key_of(raw)
        if key is None:
            err(sheet, number, "版本号", "实施编码和版本号（正整数）必填。")
            return None
        mine = subs.pop(key, {})
        if key in self.seen:
            err(sheet, number, "版本号", f"同一实施编码和版本号（{key[0]} 第{key[1]}版）在文件中出现了两次。")
            return None
        self.seen.add(key)
        credit = shape.text(raw.get("实施机构统一社会信用代码"))
        org_id = self.may_edit.get(credit)
        if org_id is None:
            err(sheet, number, "实施机构统一社会信用代码", f"“{credit}”不是您可以导入事项的机构。")
        vals = shape.values()
        try:
            meta = {
                "code": key[0],
                "number": key[1],
                "basic_code": shape.text(raw.get("基本编码")),
                "operation": shape.pick("目录操作", raw.get("目录操作"), vals["operation"]),
                "reason": shape.text(raw.get("操作原因")),
                "tier": shape.pick("层次", raw.get("层次"), vals["tier"], default=Tier.MAIN),
                "parent_code": shape.text(raw.get("上级实施编码")),
                "effective_from": shape.day("生效日期", raw.get("生效日期")),
            }
            payload = shape.item_row(raw)
        except shape.CellError as exc:
            err(sheet, number, exc.column, exc.message)
            return None
        if not meta["reason"]:
            err(sheet, number, "操作原因", "请写明这次目录操作的原因。")
        sub_rows = {}
        for sub_sheet, (list_field, _h, _f) in shape.SUB_SHEETS.items():
            entries = mine.get(sub_sheet, [])
            payload["guide"][list_field] = [e for _n, e in entries]
            sub_rows[sub_sheet] = [n for n, _e in entries]
        try:
            data = VersionData.model_validate(payload)
        except ValidationError as exc:
            for e in exc.errors():
                s, r, c = self.where(e["loc"], number, sub_rows)
                err(s, r, c, pydantic_message(e))
            return None
        if org_id is None:
            return None
        return Row(number, key, meta, data, org_id, sub_rows)

    def where(self, loc: tuple, number: int, sub_rows: dict[str, list[int]]) -> tuple[str, int, str]:
        """The sheet, row and column of a pydantic error location."""
        head = loc[0] if loc else ""
        if head == "guide" and len(loc) > 1:
            for sub_sheet, (list_field, headers, fields) in shape.SUB_SHEETS.items():
                if loc[1] == list_field and len(loc) > 2 and isinstance(loc[2], int):
                    at = sub_rows[sub_sheet]
                    column = headers[fields.index(loc[3])] if len(loc) > 3 and loc[3] in fields else ""
                    return sub_sheet, at[loc[2]] if loc[2] < len(at) else number, column
                if loc[1] == list_field:
                    return shape.ITEM_SHEET, number, sub_sheet
            return shape.ITEM_SHEET, number, shape.FIELD_COLUMN.get(loc[1], str(loc[1]))
        return shape.ITEM_SHEET, number, shape.FIELD_COLUMN.get(head, str(head))

    # --- checking a batch against the database and the file

    def lookup(self, batch: list[Row]) -> dict[tuple[str, int], ServiceItemVersion]:
        """Load the batch's codes already in the database, and their stored versions (a few queries per batch)."""
        wanted = {r.key[0] for r in batch if r.key[0] not in self.items}
        first = set()
        for item in ServiceItem.objects.filter(code__in=wanted).select_related("parent"):
            first.add(item.pk)
            self.items[item.code] = ItemInfo(
                pk=item.pk,
                org_id=item.org_id,
                basic_code=item.basic_code,
                tier=item.tier,
                parent_code=item.parent.code if item.parent else "",
                parent_id=item.parent_id,
                row=0,
                status=item.status,
                name=item.name,
                kind=item.kind,
                obj=item,
                from_db=True,
            )
        by_pk = {i.pk: i for c in {r.key[0] for r in batch} if (i := self.items.get(c)) and i.from_db}
        existing = {}
        if by_pk:
            versions = ServiceItemVersion.objects.filter(item_id__in=by_pk, created_at__lt=self.started)
            for v in versions.order_by("item_id", "number").prefetch_related("citations"):
                info = by_pk[v.item_id]
                existing[(info.obj.code, v.number)] = v
                if v.item_id in first:
                    info.last_number, info.last_version_pk = v.number, v.pk
                    if v.state == V.PUBLISHED and v.effective_from:
                        info.last_from = v.effective_from
                    info.open_version = v.state in (V.DRAFT, V.SUBMITTED)
                    info.last_needs_until = v.state == V.PUBLISHED and v.effective_until is None
        return {r.key: existing[r.key] for r in batch if r.key in existing}

    def check(self, row: Row, existing: ServiceItemVersion | None) -> str:
        """'new', 'unchanged' or 'error' (errors recorded)."""
        err = self.out.error
        sheet, n = shape.ITEM_SHEET, row.number
        code, number = row.key
        m, data = row.meta, row.data
        errors_before = len(self.out.errors)
        try:
            codes.check_basic_code(m["basic_code"], data.kind)
            codes.implementation_parts(code)
            if not code.startswith(m["basic_code"]):
                raise SunlightError("实施编码须以基本编码开头。")
        except SunlightError as exc:
            err(sheet, n, "实施编码", exc.message)
            return "error"
        info = self.items.get(code)
        if info is not None and (info.org_id, info.basic_code) != (row.org_id, m["basic_code"]):
            err(sheet, n, "实施编码", f"实施编码“{code}”已被另一机构或另一基本编码的事项使用。")
            return "error"
        if info is not None and (info.tier, info.parent_code) != (m["tier"], m["parent_code"]):
            err(sheet, n, "上级实施编码", "同一实施编码的层次和上级实施编码不能改变。")
            return "error"
        if existing is not None:
            if (existing.operation, existing.reason, of_version(existing)) == (m["operation"], m["reason"], data):
                return "unchanged"
            err(sheet, n, "版本号", f"已发布版本不能修改：{code} 第{number}版已存在且内容不同，请用新的版本号。")
            return "error"
        expected = (info.last_number if info else 0) + 1
        if number != expected:
            err(sheet, n, "版本号", f"版本号应为 {expected}（同一事项的版本须连续，并按版本号顺序排列）。")
        if number == 1 and m["operation"] not in FIRST_OPERATIONS:
            err(sheet, n, "目录操作", "事项的第1版须为新增、拆分或合并。")
        if number > 1 and m["operation"] == Operation.ADD:
            err(sheet, n, "目录操作", "“新增”只能用于事项的第1版；之后的版本用变更、暂停或取消。")
        if info is not None and info.open_version:
            err(sheet, n, "版本号", "该事项已有一个草稿或待审核的版本，须先处理它才能导入新版本。")
        if self.publish:
            if row.org_id not in self.may_publish:
                err(sheet, n, "实施机构统一社会信用代码", "导入即发布须由该机构的审核人员或管理员操作。")
            day = m["effective_from"]
            if day is None:
                pass  # no 生效日期: not yet published where it comes from, so imported as submitted (待审核)
            elif day > self.today:
                err(sheet, n, "生效日期", "生效日期不能晚于今天。")
            elif info is not None and info.last_from and day < info.last_from:
                err(sheet, n, "生效日期", f"生效日期不能早于上一版本的生效日期（{info.last_from}）。")
        self.check_rules(row, info)
        if info is None:
            info = self.items[code] = ItemInfo(
                pk=None,
                org_id=row.org_id,
                basic_code=m["basic_code"],
                tier=m["tier"],
                parent_code=m["parent_code"],
                row=n,
            )
        if len(self.out.errors) > errors_before:
            return "error"
        info.last_number = number
        if self.publish and m["effective_from"]:
            info.last_from = m["effective_from"]
        else:
            info.open_version = True
        return "new"

    def check_rules(self, row: Row, info: ItemInfo | None) -> None:
        err = self.out.error
        data, n = row.data, row.number
        basic = row.meta["basic_code"]
        self.ctx.basic.setdefault(basic, data.base())  # the file's first row of a new basic code sets it
        if basic not in self.db_basic and self.publish and row.meta["effective_from"]:
            self.new_basic.setdefault(basic, data.base())  # like publish_version's _seed_basic, once per code
        subject = Subject(data=data, org_id=row.org_id, basic_code=basic, item_id=info.pk if info else None)
        for rule in broken(subject, self.ctx, RULES):
            column = RULE_COLUMN.get(rule.id, "")
            if rule.id.startswith("material."):
                bad = [
                    at
                    for at, mat in zip(row.sub_rows["材料"], data.guide.materials, strict=True)
                    if (not mat.source if rule.id == "material.source" else not mat.required and not mat.condition)
                ]
                for at in bad:
                    err("材料", at, column, f"{rule.message}（{rule.id}）")
                continue
            if rule.id == "step.actor_in_org":
                within = self.ctx.org_within.get(row.org_id, frozenset({row.org_id}))
                for at, step in zip(row.sub_rows["环节"], data.guide.steps, strict=True):
                    if step.actor_org_id is not None and step.actor_org_id not in within:
                        err("环节", at, column, f"{rule.message}（{rule.id}）")
                continue
            extra = ""
            if rule.id == "basis.resolves":
                from ..rules import unresolved_citations

                extra = "：" + "、".join(unresolved_citations(subject, self.ctx))
            err(shape.ITEM_SHEET, n, column, f"{rule.message}（{rule.id}）{extra}")
        owner = self.names.setdefault((row.org_id, data.name), row.key[0])
        if owner != row.key[0]:
            err(shape.ITEM_SHEET, n, "事项名称", f"文件中另一事项（{owner}）与本事项同名（同一机构事项名称不能重复）。")

    # --- writing a batch (only while the file has no error)

    def write(self, batch: list[Row]) -> None:
        now = timezone.now()
        new_items = []
        for row in batch:
            info = self.items[row.key[0]]
            if info.pk is None and info.obj is None:
                parent = self.items.get(row.meta["parent_code"])
                info.obj = ServiceItem(
                    org_id=row.org_id,
                    basic_code=info.basic_code,
                    code=row.key[0],
                    tier=info.tier,
                    parent_id=parent.pk if parent is not None else None,
                    name=row.data.name,
                    kind=row.data.kind,
                )
                new_items.append(info.obj)
        bulk.insert(ServiceItem, new_items)
        for obj in new_items:
            self.items[obj.code].pk = obj.pk
        versions, cites = [], []
        for row in batch:
            info = self.items[row.key[0]]
            v = ServiceItemVersion(
                item_id=info.pk,
                number=row.key[1],
                state=V.PUBLISHED if self.publish and row.meta["effective_from"] else V.SUBMITTED,
                operation=row.meta["operation"],
                reason=row.meta["reason"],
                drafted_by=self.by,
                violations=[],
                **version_fields(row.data),
            )
            if v.state == V.PUBLISHED:
                self.publish_one(info, v, row.meta["effective_from"], now)
            versions.append((v, row.data))
        bulk.insert(ServiceItemVersion, [v for v, _d in versions])
        for v, data in versions:
            cites += [Citation(version_id=v.pk, **checks._citation_row(c, self.law_ids)) for c in data.citations]
        bulk.insert(Citation, cites)
        for row, (v, _d) in zip(batch, versions, strict=True):
            info = self.items[row.key[0]]
            info.last_version_pk = v.pk
            info.last_needs_until = v.state == V.PUBLISHED and v.effective_until is None
            if info.last_version is v:
                info.last_version = None
        self.out.created += len(versions)

    def publish_one(self, info: ItemInfo, v: ServiceItemVersion, day: date, now) -> None:
        """What actions.review.publish_version does to one version, on objects not yet saved."""
        if info.last_version is not None and info.last_version.effective_until is None:
            info.last_version.effective_until = day  # an earlier version of this batch
        elif info.last_version_pk is not None and info.last_needs_until:
            self.until[day].append(info.last_version_pk)  # saved earlier: one UPDATE per day at the end
        v.effective_from, v.published_at, v.reviewed_by = day, now, self.by
        if v.operation == Operation.CANCEL:
            v.effective_until = day  # a cancellation is never itself in force
        info.last_version, info.current = v, v
        info.status, info.name, info.kind, info.touched = STATUS_AFTER[v.operation], v.name, v.kind, True
        self.out.published += 1

    # --- the file as a whole

    def check_file(self) -> None:
        """Parents: in the file or the database, of the org, of the right tier; no cycle."""
        err = self.out.error
        sheet = shape.ITEM_SHEET
        missing = {i.parent_code for i in self.items.values() if i.row and i.parent_code} - set(self.items)
        for item in ServiceItem.objects.filter(code__in=missing).select_related("parent"):
            self.items[item.code] = ItemInfo(
                pk=item.pk,
                org_id=item.org_id,
                basic_code=item.basic_code,
                tier=item.tier,
                parent_code=item.parent.code if item.parent else "",
                row=0,
                status=item.status,
            )
        for code, info in self.items.items():
            if not info.row:
                continue
            if info.tier == Tier.MAIN:
                if info.parent_code:
                    err(sheet, info.row, "上级实施编码", "主项不能有上级实施编码。")
                continue
            if not info.parent_code:
                err(sheet, info.row, "上级实施编码", "子项和业务办理项须填写上级实施编码。")
                continue
            parent = self.items.get(info.parent_code)
            if parent is None:
                err(sheet, info.row, "上级实施编码", f"上级实施编码“{info.parent_code}”在文件和系统中都不存在。")
            elif parent.org_id != info.org_id:
                err(sheet, info.row, "上级实施编码", "上级事项须是同一实施机构的事项。")
            elif parent.tier not in PARENT_TIERS[info.tier]:
                err(sheet, info.row, "层次", f"上级事项“{info.parent_code}”的层次不能作为本事项的上级。")
            elif parent.status == ServiceItem.Status.CANCELLED and not parent.row:
                err(sheet, info.row, "上级实施编码", "上级事项已取消。")
            if self.in_cycle(code):
                err(sheet, info.row, "上级实施编码", "主项、子项的上下级关系构成了循环。")

    def in_cycle(self, code: str) -> bool:
        seen, at = set(), code
        while at:
            if at in seen:
                return True
            seen.add(at)
            info = self.items.get(at)
            at = info.parent_code if info else ""
        return False

    def finish(self) -> None:
        """After the last batch: forward parents, closed versions, items' current version, basic catalog, index."""
        for day, pks in self.until.items():
            for start in range(0, len(pks), BATCH):
                ServiceItemVersion.objects.filter(pk__in=pks[start : start + BATCH]).update(effective_until=day)
        late_parents = []
        for info in self.items.values():
            if info.row and info.obj is not None and info.parent_code and info.obj.parent_id is None:
                info.obj.parent_id = self.items[info.parent_code].pk
                late_parents.append(info.obj)
        ServiceItem.objects.bulk_update(late_parents, ["parent"], batch_size=BATCH)
        if not self.publish:
            return
        touched = [i for i in self.items.values() if i.touched]
        objs = [
            ServiceItem(pk=i.pk, current_id=i.current.pk, status=i.status, name=i.name, kind=i.kind) for i in touched
        ]
        ServiceItem.objects.bulk_update(objs, ["current", "status", "name", "kind"], batch_size=BATCH)
        have = set(BasicItem.objects.filter(basic_code__in=self.new_basic).values_list("basic_code", flat=True))
        BasicItem.objects.bulk_create(
            [
                BasicItem(
                    basic_code=code,
                    name=name,
                    kind=kind,
                    competent_department=dept,
                    implementing_body=body,
                    legal_basis=basis,
                )
                for code, (name, kind, dept, body, basis) in self.new_basic.items()
                if code not in have
            ],
            batch_size=BATCH,
        )
        pks = [i.pk for i in touched]
        search.rebuild(self.index_entries(pks))
        for i in touched:
            if i.status == ServiceItem.Status.CANCELLED:
                search.remove(indexing.KIND, i.pk)

    def index_entries(self, pks: list[int]):
        for start in range(0, len(pks), BATCH):
            items = ServiceItem.objects.filter(pk__in=pks[start : start + BATCH], status__in=("active", "suspended"))
            for item in items.select_related("org", "current"):
                yield indexing.entry_for(item, item.current)

    def run(self, fh: IO[bytes]) -> Outcome:
        t = time.perf_counter
        start = t()
        book = open_workbook(fh)
        # A file's rows make millions of small long-lived objects; with the default thresholds the cyclic GC walks
        # them again and again (a third of the time at 100,000 rows). Freeze what exists, collect less often.
        thresholds = gc.get_threshold()
        gc.set_threshold(max(thresholds[0], 50_000), *thresholds[1:])
        gc.disable()  # the sub-sheets are plain acyclic data: nothing for the collector to find while they load
        try:
            total = max(0, book[shape.ITEM_SHEET].count_rows() - 1)
            subs = self.load_subs(book)
            gc.freeze()
            gc.enable()
            self.out.seconds["read sub-sheets"] += t() - start
            try:
                with transaction.atomic():
                    batch: list[Row] = []
                    mark = t()
                    for number, raw in rows(book, shape.ITEM_SHEET):
                        self.out.total += 1
                        row = self.parse(number, raw, subs)
                        if row is not None:
                            batch.append(row)
                        if len(batch) >= BATCH:
                            self.out.seconds["read and validate rows"] += t() - mark
                            self.batch(batch)
                            batch = []
                            if self.progress:
                                self.progress(self.out.total, max(total, self.out.total))
                            mark = t()
                    self.out.seconds["read and validate rows"] += t() - mark
                    self.batch(batch)
                    for key, sheets in subs.items():
                        for sheet, entries in sheets.items():
                            for number, _e in entries:
                                self.out.error(
                                    sheet, number, "实施编码", f"没有对应的事项行（{key[0]} 第{key[1]}版）。"
                                )
                    mark = t()
                    self.check_file()
                    if self.out.errors:
                        raise _Rollback
                    self.finish()
                    self.out.seconds["finish (parents, publish, index)"] += t() - mark
                    record(
                        "catalog.import",
                        actor=self.by,
                        org=self.org,
                        obj=self.org,
                        data={"created": self.out.created, "unchanged": self.out.unchanged, "publish": self.publish},
                    )
            except _Rollback:
                self.out.created = self.out.published = 0
        finally:
            book.close()
            gc.enable()
            gc.set_threshold(*thresholds)
            gc.unfreeze()
        if self.progress:
            self.progress(self.out.total, self.out.total)
        return self.out

    def batch(self, batch: list[Row]) -> None:
        t = time.perf_counter
        mark = t()
        existing = self.lookup(batch)
        self.out.seconds["look up existing (queries)"] += t() - mark
        mark = t()
        new = []
        for row in batch:
            verdict = self.check(row, existing.get(row.key))
            if verdict == "unchanged":
                self.out.unchanged += 1
            elif verdict == "new":
                new.append(row)
        self.out.seconds["rules and codes"] += t() - mark
        if not self.out.errors and new:
            mark = t()
            self.write(new)
            self.out.seconds["write (bulk_create / COPY)"] += t() - mark


def pydantic_message(e: dict) -> str:
    ctx = e.get("ctx") or {}
    kind = e.get("type", "")
    if kind in ("missing", "string_too_short"):
        return "必填。"
    if kind == "string_too_long":
        return f"过长（最多 {ctx.get('max_length')} 字）。"
    if kind == "too_long":
        return f"条目过多（最多 {ctx.get('max_length')} 条）。"
    if kind in ("less_than_equal", "less_than"):
        return f"不能大于 {ctx.get('le', ctx.get('lt'))}。"
    if kind in ("greater_than_equal", "greater_than"):
        return f"不能小于 {ctx.get('ge', ctx.get('gt'))}。"
    if kind == "literal_error":
        return "不是可选的值。"
    return str(e.get("msg", "格式不对。"))


def import_file(
    fh: IO[bytes], *, org: Org, by, publish: bool = False, progress: Callable[[int, int], None] | None = None
) -> Outcome:
    """Import a workbook for `org` (rows of the org or orgs below it the importer may edit): all or nothing.

    Raises BadWorkbook for a file that is not the exchange workbook; row errors are in Outcome.errors.
    """
    return Importer(org=org, by=by, publish=publish, progress=progress).run(fh)
