"""Workbench forms: the acts' small forms, and the version form (base elements, limits, guide lists as formsets).

The list elements are plain Django formsets with a few empty rows, so editing needs no JavaScript; rows left
blank are ignored. Everything is turned into one `elements.VersionData` (the schema the rules read), and its
validation errors are put back on the form in Chinese.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError

from ..elements import VersionData
from ..kinds import LIFE_EVENTS, Handling, ItemKind, Level, LimitUnit, OnlineDepth, Tier
from ..models import ServiceItem

TEXTAREA = forms.Textarea(attrs={"rows": 3})


# --- the acts' small forms -------------------------------------------------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), widget=TEXTAREA, max_length=2000)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("退回原因和修改意见"), widget=TEXTAREA, max_length=2000)


class PublishForm(forms.Form):
    effective_from = forms.DateField(
        label=_("生效日期"), widget=forms.DateInput(attrs={"type": "date"}), help_text=_("不能晚于今天。")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["effective_from"].initial = timezone.localdate()


class SplitForm(ReasonForm):
    """拆分: one line per new item, "基本编码 名称" (each copies the current elements under its new name)."""

    parts = forms.CharField(
        label=_("拆分为"),
        widget=TEXTAREA,
        max_length=4000,
        help_text=_("每行一个新事项：基本编码、空格、事项名称，至少两行。"),
    )

    def clean_parts(self) -> list[tuple[str, str]]:
        parts = []
        for line in self.cleaned_data["parts"].splitlines():
            if not line.strip():
                continue
            code, _sep, name = line.strip().partition(" ")
            if not name.strip():
                raise forms.ValidationError(_("每行须写基本编码和事项名称，中间用空格隔开。"))
            parts.append((code.strip(), name.strip()))
        if len(parts) < 2:
            raise forms.ValidationError(_("拆分须至少拆成两个事项。"))
        return parts


class MergeForm(ReasonForm):
    """合并: this item and the chosen live items of the same org become one new item."""

    others = forms.ModelMultipleChoiceField(label=_("与哪些事项合并"), queryset=ServiceItem.objects.none())
    basic_code = forms.CharField(label=_("新事项的基本编码"), max_length=10)
    name = forms.CharField(label=_("新事项的名称"), max_length=200)

    def __init__(self, *args, item: ServiceItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["others"].queryset = ServiceItem.objects.filter(
            org_id=item.org_id, status__in=("active", "suspended"), current__isnull=False
        ).exclude(pk=item.pk)


class HandleFeedbackForm(forms.Form):
    note = forms.CharField(label=_("处理说明"), widget=TEXTAREA, max_length=2000)


# --- the version form -----------------------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class VersionForm(forms.Form):
    """The single-valued elements of a version (the lists are the formsets below)."""

    name = forms.CharField(label=_("事项名称"), max_length=200)
    kind = forms.ChoiceField(label=_("事项类型"), choices=ItemKind.choices)
    competent_department = forms.CharField(label=_("主管部门"), max_length=120)
    implementing_body = forms.CharField(label=_("实施主体"), max_length=120)
    level = forms.ChoiceField(label=_("行使层级"), choices=Level.choices)
    division = forms.CharField(label=_("承办机构（科室）"), max_length=120, required=False)
    statutory_limit = forms.IntegerField(label=_("法定办结时限"), min_value=0, max_value=3650, required=False)
    statutory_unit = forms.ChoiceField(label=_("法定时限单位"), choices=LimitUnit.choices)
    promised_limit = forms.IntegerField(
        label=_("承诺办结时限"), min_value=0, max_value=3650, help_text=_("0 表示当场办结。")
    )
    promised_unit = forms.ChoiceField(label=_("承诺时限单位"), choices=LimitUnit.choices)
    handling = forms.ChoiceField(label=_("办件类型"), choices=Handling.choices)
    visits = forms.IntegerField(label=_("到现场次数"), min_value=0, max_value=20, initial=0)
    visits_reason = forms.CharField(label=_("到现场原因"), max_length=300, required=False)
    online_depth = forms.TypedChoiceField(label=_("网办深度"), choices=OnlineDepth.choices, coerce=int, initial=1)
    charges_fee = forms.BooleanField(label=_("是否收费"), required=False)
    online_payment = forms.BooleanField(label=_("支持网上支付"), required=False)
    audience = forms.ChoiceField(
        label=_("服务对象"),
        choices=[("person", _("个人办事")), ("company", _("法人办事")), ("both", _("个人和法人"))],
    )
    life_events = forms.MultipleChoiceField(
        label=_("主题"),
        choices=[(slug, label) for slug, _aud, label in LIFE_EVENTS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    conditions = forms.CharField(label=_("受理条件"), widget=TEXTAREA, required=False, help_text=_("每行一条。"))
    delivery = forms.CharField(label=_("送达方式"), widget=TEXTAREA, required=False, help_text=_("每行一种。"))
    result_name = forms.CharField(label=_("审批结果名称"), max_length=200, required=False)
    result_type = forms.ChoiceField(
        label=_("审批结果类型"),
        required=False,
        choices=[
            ("", "—"),
            ("certificate", _("证照")),
            ("document", _("批文")),
            ("approval", _("审批意见")),
            ("other", _("其他")),
        ],
    )
    result_sample = forms.CharField(label=_("结果样本"), max_length=300, required=False)
    place = forms.CharField(label=_("办理地点"), max_length=500, required=False)
    hours = forms.CharField(label=_("办理时间"), max_length=300, required=False)
    phone_consult = forms.CharField(label=_("咨询电话"), max_length=60, required=False)
    phone_complaint = forms.CharField(label=_("投诉电话"), max_length=60, required=False)


class NewItemForm(VersionForm):
    """新增: where the item sits (org, basic code, tier, parent) and why, then every element."""

    field_order = ["org", "basic_code", "tier", "parent", "reason"]
    org = forms.ModelChoiceField(label=_("实施机构"), queryset=ServiceItem.objects.none())
    basic_code = forms.CharField(label=_("基本编码"), max_length=10, help_text=_("例如 XK00001000"))
    tier = forms.ChoiceField(label=_("层次"), choices=Tier.choices, initial=Tier.MAIN)
    parent = forms.ModelChoiceField(label=_("上级事项"), queryset=ServiceItem.objects.none(), required=False)
    reason = forms.CharField(label=_("新增原因"), widget=TEXTAREA, max_length=2000)

    def __init__(self, *args, orgs=None, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        if orgs is not None:
            self.fields["org"].queryset = orgs
        if parents is not None:
            self.fields["parent"].queryset = parents

    def clean_basic_code(self) -> str:
        return self.cleaned_data["basic_code"].strip().upper()


# One row of each list element: every field optional here; a row with no text is dropped, the rest are checked
# by VersionData (so the messages are the schema's, put back in Chinese).
class CitationRow(forms.Form):
    law_title = forms.CharField(label=_("法律法规名称"), max_length=200, required=False)
    article = forms.IntegerField(label=_("条"), min_value=1, max_value=10000, required=False)
    clause = forms.IntegerField(label=_("款"), min_value=1, max_value=100, required=False)
    excerpt = forms.CharField(label=_("条文内容"), max_length=2000, required=False, widget=TEXTAREA)


class MaterialRow(forms.Form):
    name = forms.CharField(label=_("材料名称"), max_length=200, required=False)
    form = forms.ChoiceField(
        label=_("材料形式"),
        choices=[("original", _("原件")), ("copy", _("复印件")), ("original_and_copy", _("原件和复印件"))],
        required=False,
    )
    copies = forms.IntegerField(label=_("份数"), min_value=0, max_value=99, required=False, initial=1)
    medium = forms.ChoiceField(
        label=_("介质"),
        choices=[("paper", _("纸质")), ("electronic", _("电子")), ("both", _("纸质和电子"))],
        required=False,
    )
    required = forms.BooleanField(label=_("必需"), required=False, initial=True)
    condition = forms.CharField(label=_("需要提交的情形"), max_length=300, required=False)
    source = forms.ChoiceField(
        label=_("来源"),
        choices=[
            ("", "—"),
            ("applicant", _("申请人自备")),
            ("government", _("政府部门核发")),
            ("intermediary", _("中介机构")),
        ],
        required=False,
    )
    blank_form = forms.CharField(label=_("空白表格"), max_length=300, required=False)
    sample = forms.CharField(label=_("示例样表"), max_length=300, required=False)
    note = forms.CharField(label=_("备注"), max_length=500, required=False)


class StepRow(forms.Form):
    name = forms.CharField(label=_("环节名称"), max_length=100, required=False)
    actor = forms.CharField(label=_("办理人员或科室"), max_length=100, required=False)
    days = forms.DecimalField(label=_("时限"), min_value=0, max_value=3650, required=False, decimal_places=1)
    description = forms.CharField(label=_("办理内容"), max_length=2000, required=False)


class FeeRow(forms.Form):
    name = forms.CharField(label=_("收费项目"), max_length=200, required=False)
    standard = forms.CharField(label=_("收费标准"), max_length=500, required=False)
    basis = forms.CharField(label=_("收费依据"), max_length=500, required=False)


class QuestionRow(forms.Form):
    question = forms.CharField(label=_("问题"), max_length=500, required=False)
    answer = forms.CharField(label=_("解答"), max_length=2000, required=False, widget=TEXTAREA)


class DutyRow(forms.Form):
    duty = forms.CharField(label=_("责任事项"), max_length=1000, required=False)
    accountability = forms.CharField(label=_("追责情形"), max_length=1000, required=False)
    basis = forms.CharField(label=_("依据"), max_length=500, required=False)


class OversightRow(forms.Form):
    method = forms.CharField(label=_("监管方式"), max_length=300, required=False)
    frequency = forms.CharField(label=_("频次"), max_length=100, required=False)
    random_pool = forms.CharField(label=_("检查对象名录库"), max_length=300, required=False)
    basis = forms.CharField(label=_("依据"), max_length=500, required=False)


# (prefix, row form, heading, text fields that make a row non-blank)
LISTS: tuple[tuple[str, type[forms.Form], Any, tuple[str, ...]], ...] = (
    ("citations", CitationRow, _("设定依据"), ("law_title", "excerpt")),
    ("materials", MaterialRow, _("申请材料"), ("name", "condition", "blank_form", "sample", "note")),
    ("steps", StepRow, _("办理流程"), ("name", "actor", "description")),
    ("fees", FeeRow, _("收费项目"), ("name", "standard", "basis")),
    ("faq", QuestionRow, _("常见问题"), ("question", "answer")),
    ("duties", DutyRow, _("责任清单"), ("duty", "accountability", "basis")),
    ("oversight", OversightRow, _("监管清单"), ("method", "frequency", "random_pool", "basis")),
)
EXTRA_ROWS = 2


class ListSet:
    """One list element's formset with its heading (for the template) and its rows as data."""

    def __init__(self, prefix, row_form, heading, text_fields, *, data=None, initial=None) -> None:
        formset_class = forms.formset_factory(row_form, extra=EXTRA_ROWS, max_num=100, absolute_max=120)
        self.prefix, self.heading, self.text_fields = prefix, heading, text_fields
        self.formset = formset_class(data=data, initial=initial, prefix=prefix)

    def rows(self) -> list[dict]:
        rows = []
        for form in self.formset.forms:
            values = getattr(form, "cleaned_data", {}) or {}
            if not any((values.get(f) or "").strip() for f in self.text_fields):
                continue  # a blank row: ignored
            rows.append({k: v for k, v in values.items() if v is not None and v != ""})
        return rows


def list_sets(data=None, initial: VersionData | None = None) -> list[ListSet]:
    dumped = initial.model_dump(mode="json") if initial is not None else {}
    sets = []
    for prefix, row_form, heading, text_fields in LISTS:
        rows = dumped.get("citations") if prefix == "citations" else dumped.get("guide", {}).get(prefix)
        sets.append(ListSet(prefix, row_form, heading, text_fields, data=data, initial=rows or None))
    return sets


def form_initial(d: VersionData) -> dict:
    """The version form's initial values from a version's data."""
    g = d.guide
    return {
        **d.model_dump(exclude={"citations", "guide"}),
        "conditions": "\n".join(g.conditions),
        "delivery": "\n".join(g.delivery),
        "result_name": g.result.name,
        "result_type": g.result.type,
        "result_sample": g.result.sample,
        "place": g.place,
        "hours": g.hours,
        "phone_consult": g.phones.consult,
        "phone_complaint": g.phones.complaint,
    }


def _raw(form: VersionForm, sets: list[ListSet]) -> dict:
    c = form.cleaned_data
    lists = {s.prefix: s.rows() for s in sets}
    for step in lists["steps"]:
        if "days" in step:
            step["days"] = float(step["days"])
    for material in lists["materials"]:
        material.setdefault("required", False)
    guide = {
        "conditions": _lines(c.get("conditions", "")),
        "delivery": _lines(c.get("delivery", "")),
        "result": {"name": c["result_name"], "type": c["result_type"], "sample": c["result_sample"]},
        "place": c["place"],
        "hours": c["hours"],
        "phones": {"consult": c["phone_consult"], "complaint": c["phone_complaint"]},
        **{k: v for k, v in lists.items() if k != "citations"},
    }
    plain = (
        "name kind competent_department implementing_body level division statutory_limit statutory_unit "
        "promised_limit promised_unit handling visits visits_reason online_depth charges_fee online_payment "
        "audience life_events"
    ).split()
    return {**{k: c.get(k) for k in plain}, "citations": lists["citations"], "guide": guide}


ERROR_TEXT = {
    "missing": _("不能为空"),
    "string_too_short": _("不能为空"),
    "string_too_long": _("过长"),
    "too_long": _("条目过多"),
    "greater_than_equal": _("数值过小"),
    "less_than_equal": _("数值过大"),
    "literal_error": _("选项无效"),
    "int_type": _("须为整数"),
    "int_parsing": _("须为整数"),
}


def _where(loc: tuple, form: VersionForm, sets: list[ListSet]) -> tuple[str | None, str]:
    """(form field or None, Chinese label) for a pydantic error location."""
    path = [p for p in loc if p != "guide"]
    if not path:
        return None, ""
    head = path[0]
    for s in sets:
        if s.prefix == head:
            row = path[1] + 1 if len(path) > 1 and isinstance(path[1], int) else None
            field = s.formset.form.base_fields.get(path[2]) if len(path) > 2 else None
            label = f"{s.heading}" + (_t("第%(n)s行") % {"n": row} if row else "")
            return None, label + (f"“{field.label}”" if field else "")
    if head in form.fields:
        return head, str(form.fields[head].label)
    return None, str(head)


def to_data(form: VersionForm, sets: list[ListSet]) -> VersionData | None:
    """VersionData from a valid form and formsets, or None with the schema's errors put on the form."""
    try:
        return VersionData.model_validate(_raw(form, sets))
    except ValidationError as exc:
        for error in exc.errors():
            field, label = _where(tuple(error["loc"]), form, sets)
            text = str(ERROR_TEXT.get(error["type"], _("格式不正确")))
            form.add_error(field, text if field else f"{label}：{text}")
        return None
