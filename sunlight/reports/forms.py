"""Workbench forms of the annual report and of appeals. They check what was typed; the rules (who may,
which year, the figures' range, an appeal's dates) stay in the actions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sunlight.requests.models import Appeal

from .actions import NARRATIVE_MAX
from .annual import NARRATIVE_FIELDS
from .models import AnnualReport

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NarrativeForm(forms.Form):
    """The six sections' text (plain text; blank lines separate paragraphs)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in NARRATIVE_FIELDS:
            self.fields[name] = forms.CharField(
                label=AnnualReport._meta.get_field(name).verbose_name,
                required=False,
                max_length=NARRATIVE_MAX,
                widget=forms.Textarea(attrs={"rows": 6 if name in ("overview", "problems") else 3}),
            )


class FiguresForm(forms.Form):
    licensing_decisions = forms.IntegerField(label=_("行政许可 本年处理决定数量"), min_value=0, max_value=2**31 - 1)
    penalty_decisions = forms.IntegerField(label=_("行政处罚 本年处理决定数量"), min_value=0, max_value=2**31 - 1)
    coercion_decisions = forms.IntegerField(label=_("行政强制 本年处理决定数量"), min_value=0, max_value=2**31 - 1)
    fee_income = forms.DecimalField(
        label=_("行政事业性收费 本年收费金额（单位：万元）"), min_value=0, max_digits=14, decimal_places=4
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("年度数据文件（CSV 或 XLSX）"),
        help_text=_(
            "列：机构代码、机构名称、年度、行政许可、行政处罚、行政强制、行政事业性收费（万元）。有一行出错则全部不导入。"
        ),
    )


class AppealForm(forms.Form):
    org = forms.ModelChoiceField(label=_("被申请人/被告机关"), queryset=None, empty_label=_("请选择机关"))
    kind = forms.ChoiceField(label=_("类别"), choices=[("", _("请选择类别"))] + list(Appeal.Kind.choices))
    filed_on = forms.DateField(label=_("申请或起诉日期"), widget=DATE_INPUT)
    request_number = forms.CharField(
        label=_("相关申请编号"),
        max_length=30,
        required=False,
        help_text=_("如涉及某件政府信息公开申请，填写其申请编号。"),
    )
    case_number = forms.CharField(label=_("案号"), max_length=100, required=False)
    note = forms.CharField(label=_("说明"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        if not self.is_bound and len(orgs) == 1:
            self.initial.setdefault("org", orgs[0].pk)


class DecideForm(forms.Form):
    result = forms.ChoiceField(
        label=_("结果"),
        choices=[("", _("请选择结果"))] + [c for c in Appeal.Result.choices if c[0] != Appeal.Result.PENDING],
    )
    decided_on = forms.DateField(label=_("审结日期"), widget=DATE_INPUT)
    note = forms.CharField(label=_("说明"), max_length=2000, required=False)

    def __init__(self, *args, prefix_pk: int | None = None, **kwargs):
        # Several decide forms on one page: distinct ids per appeal.
        super().__init__(*args, prefix=f"a{prefix_pk}" if prefix_pk else None, **kwargs)
