"""The public GET forms of the browse pages and the lists: filters (org, kind, level, order) and the
负面清单 lookup ("may I invest in X?")."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext_lazy as _

from sunlight.orgs.models import Org

from ..kinds import ItemKind, Level

# Sort keys a visitor may choose → the order_by of the items (code last, so pages never overlap).
SORTS = {
    "name": ("name", "code"),
    "code": ("code",),
    "newest": ("-current__published_at", "code"),
    "org": ("org__name", "name", "code"),
}
SORT_CHOICES = (
    ("name", _("按名称")),
    ("code", _("按实施编码")),
    ("newest", _("最近发布在前")),
    ("org", _("按实施机构")),
)


class ItemFilter(forms.Form):
    """Filters of an item list. Every field is optional; a value not offered (a typed-in id, an unknown kind)
    is an error shown in the summary (the page answers 400), never a 500."""

    org = forms.TypedChoiceField(label=_("实施机构"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("事项类型"), required=False)
    level = forms.ChoiceField(label=_("行使层级"), required=False)
    sort = forms.ChoiceField(label=_("排序"), required=False, choices=SORT_CHOICES)

    def __init__(
        self,
        data,
        *,
        fields: Iterable[str] = ("org", "kind", "level", "sort"),
        orgs: Iterable[Org] = (),
        kinds: Iterable[str] = tuple(ItemKind.values),
    ):
        super().__init__(data)
        for name in set(self.fields) - set(fields):
            del self.fields[name]
        if "org" in self.fields:
            self.fields["org"].choices = [("", _("全部机构")), *((o.pk, o.name) for o in orgs)]
        if "kind" in self.fields:
            self.fields["kind"].choices = [("", _("全部类型")), *((k, ItemKind(k).label) for k in kinds)]
        if "level" in self.fields:
            self.fields["level"].choices = [("", _("全部层级")), *Level.choices]
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = _("请从列表中选择，“%(value)s”不是可选的值。")

    def order(self) -> tuple[str, ...]:
        return SORTS.get(self.cleaned_data.get("sort") or "name", SORTS["name"])


# GB/T 4754 国民经济行业分类: a section letter (A–T) and/or 2 to 4 digits (大类, 中类, 小类): "C", "13", "C1311".
INDUSTRY_CODE_RE = re.compile(r"^(?:[A-T]|[A-T]?[0-9]{2,4})$")


class NegativeLookup(forms.Form):
    """“我能投资吗？”: a keyword and/or an industry code, looked up in the 负面清单."""

    keyword = forms.CharField(
        label=_("关键词"),
        required=False,
        max_length=50,
        help_text=_("行业或经营项目，如：烟草、新闻、民用航空。"),
    )
    industry_code = forms.CharField(
        label=_("国民经济行业代码（选填）"),
        required=False,
        max_length=10,
        help_text=_("按 GB/T 4754 填写门类字母和/或 2 至 4 位数字，如：C1311、13、C。"),
    )

    def clean_keyword(self) -> str:
        return " ".join(self.cleaned_data["keyword"].split())

    def clean_industry_code(self) -> str:
        # Full-width "Ｃ１３" typed with a Chinese input method reads as "C13".
        code = unicodedata.normalize("NFKC", self.cleaned_data["industry_code"]).strip().upper()
        if code and not INDUSTRY_CODE_RE.match(code):
            raise forms.ValidationError(
                _("行业代码格式不对：应为门类字母（A–T）和/或 2 至 4 位数字，如 C1311、13。"), code="bad_code"
            )
        return code

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("keyword") and not data.get("industry_code"):
            raise forms.ValidationError(_("请填写关键词或行业代码，至少填一项。"), code="empty")
        return data
