"""A readable diff of two versions' elements (elements.VersionData), for the public change log.

Each changed element comes out under its Chinese label: a single element as before → after; a list (materials,
steps, fees, citations, conditions, FAQ …) as the entries added, removed and changed, each by its name.
The display labels of the closed vocabularies live here too, so the guide page and the diff say the same words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .elements import CitationData, VersionData
from .kinds import LIFE_EVENT_LABELS, Handling, ItemKind, Level, LimitUnit, OnlineDepth

MATERIAL_FORMS = {"original": _("原件"), "copy": _("复印件"), "original_and_copy": _("原件和复印件")}
MEDIA = {"paper": _("纸质"), "electronic": _("电子"), "both": _("纸质和电子")}
SOURCES = {"": "", "applicant": _("申请人自备"), "government": _("政府部门核发"), "intermediary": _("中介机构出具")}
RESULT_TYPES = {"": "", "certificate": _("证照"), "document": _("批文"), "approval": _("审批意见"), "other": _("其他")}
AUDIENCES = {"person": _("个人"), "company": _("法人"), "both": _("个人和法人")}


def yes_no(value: bool) -> str:
    return str(_("是") if value else _("否"))


def limit_text(limit: int | None, unit: str) -> str:
    if limit is None:
        return str(_("无"))
    if limit == 0:
        return str(_("当场办结"))
    return f"{limit} {LimitUnit(unit).label}"


def citation_text(c: CitationData) -> str:
    clause = str(_("第%(n)s款") % {"n": c.clause}) if c.clause else ""
    return f"《{c.law_title}》" + str(_("第%(n)s条") % {"n": c.article}) + clause


def _days(d: float) -> str:
    return str(int(d)) if float(d).is_integer() else str(d)


@dataclass
class Entry:
    """One changed entry of a list: its name and its changed parts (label, before, after)."""

    name: str
    parts: list[tuple[str, str, str]]


@dataclass
class Change:
    label: str
    before: str = ""
    after: str = ""
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[Entry] = field(default_factory=list)

    @property
    def is_list(self) -> bool:
        return bool(self.added or self.removed or self.changed)


# Single elements: (label, how to read it as text from VersionData).
SCALARS: tuple[tuple[str, Callable[[VersionData], str]], ...] = (
    (_("事项名称"), lambda d: d.name),
    (_("事项类型"), lambda d: str(ItemKind(d.kind).label)),
    (_("主管部门"), lambda d: d.competent_department),
    (_("实施主体"), lambda d: d.implementing_body),
    (_("行使层级"), lambda d: str(Level(d.level).label)),
    (_("承办机构"), lambda d: d.division),
    (_("法定办结时限"), lambda d: limit_text(d.statutory_limit, d.statutory_unit)),
    (_("承诺办结时限"), lambda d: limit_text(d.promised_limit, d.promised_unit)),
    (_("办件类型"), lambda d: str(Handling(d.handling).label)),
    (_("到办事现场次数"), lambda d: str(d.visits)),
    (_("必须现场办理的原因"), lambda d: d.visits_reason),
    (_("网办深度"), lambda d: str(OnlineDepth(d.online_depth).label)),
    (_("是否收费"), lambda d: yes_no(d.charges_fee)),
    (_("支持网上支付"), lambda d: yes_no(d.online_payment)),
    (_("服务对象"), lambda d: str(AUDIENCES[d.audience])),
    (_("主题"), lambda d: "、".join(str(LIFE_EVENT_LABELS.get(s, s)) for s in d.life_events)),
    (_("办理结果名称"), lambda d: d.guide.result.name),
    (_("办理结果类型"), lambda d: str(RESULT_TYPES[d.guide.result.type])),
    (_("办理结果样本"), lambda d: d.guide.result.sample),
    (_("办理地点"), lambda d: d.guide.place),
    (_("办理时间"), lambda d: d.guide.hours),
    (_("咨询电话"), lambda d: d.guide.phones.consult),
    (_("监督投诉电话"), lambda d: d.guide.phones.complaint),
)

# Lists of named entries: (label, entries of VersionData, name of an entry, [(part label, part as text)]).
Part = tuple[str, Callable[[object], str]]
LISTS: tuple[tuple[str, Callable[[VersionData], list], Callable[[object], str], tuple[Part, ...]], ...] = (
    (
        _("设定依据"),
        lambda d: d.citations,
        citation_text,
        ((_("条文内容"), lambda c: c.excerpt),),
    ),
    (_("受理条件"), lambda d: d.guide.conditions, str, ()),
    (
        _("申请材料"),
        lambda d: d.guide.materials,
        lambda m: m.name,
        (
            (_("原件或复印件"), lambda m: str(MATERIAL_FORMS[m.form])),
            (_("份数"), lambda m: str(m.copies)),
            (_("介质"), lambda m: str(MEDIA[m.medium])),
            (_("是否必需"), lambda m: str(_("必需") if m.required else _("容缺或按情形提交"))),
            (_("适用情形"), lambda m: m.condition),
            (_("空白表格"), lambda m: m.blank_form),
            (_("示例样表"), lambda m: m.sample),
            (_("来源"), lambda m: str(SOURCES[m.source])),
            (_("备注"), lambda m: m.note),
        ),
    ),
    (
        _("办理流程"),
        lambda d: d.guide.steps,
        lambda s: s.name,
        (
            (_("办理人"), lambda s: s.actor),
            (_("环节时限"), lambda s: _days(s.days)),
            (_("说明"), lambda s: s.description),
        ),
    ),
    (
        _("收费项目"),
        lambda d: d.guide.fees,
        lambda f: f.name,
        ((_("收费标准"), lambda f: f.standard), (_("收费依据"), lambda f: f.basis)),
    ),
    (_("送达方式"), lambda d: d.guide.delivery, str, ()),
    (
        _("中介服务"),
        lambda d: d.guide.intermediaries,
        lambda i: i.name,
        ((_("设定依据"), lambda i: i.basis),),
    ),
    (_("常见问题"), lambda d: d.guide.faq, lambda q: q.question, ((_("解答"), lambda q: q.answer),)),
    (
        _("责任事项"),
        lambda d: d.guide.duties,
        lambda x: x.duty,
        ((_("追责情形"), lambda x: x.accountability), (_("依据"), lambda x: x.basis)),
    ),
    (
        _("监管措施"),
        lambda d: d.guide.oversight,
        lambda o: o.method,
        (
            (_("检查频次"), lambda o: o.frequency),
            (_("抽查对象名录库"), lambda o: o.random_pool),
            (_("依据"), lambda o: o.basis),
        ),
    ),
)


def _list_change(label, old: list, new: list, name_of, parts) -> Change | None:
    before = {name_of(x): x for x in old}
    after = {name_of(x): x for x in new}
    change = Change(str(label))
    change.added = [n for n in after if n not in before]
    change.removed = [n for n in before if n not in after]
    for name in after:
        if name in before:
            diffs = [(str(pl), f(before[name]), f(after[name])) for pl, f in parts if f(before[name]) != f(after[name])]
            if diffs:
                change.changed.append(Entry(name, diffs))
    kept_old = [n for n in before if n in after]
    kept_new = [n for n in after if n in before]
    if kept_old != kept_new:  # the same entries in another order (a step moved) is a change too
        change.changed.append(Entry(str(_("顺序")), [(str(_("顺序")), "、".join(kept_old), "、".join(kept_new))]))
    return change if change.is_list else None


def diff(old: VersionData, new: VersionData) -> list[Change]:
    """Every element that differs between two versions, in the guide's order (empty: nothing changed)."""
    changes = [
        Change(str(label), before, after) for label, read in SCALARS if (before := read(old)) != (after := read(new))
    ]
    for label, entries, name_of, parts in LISTS:
        found = _list_change(label, entries(old), entries(new), name_of, parts)
        if found is not None:
            changes.append(found)
    return changes
