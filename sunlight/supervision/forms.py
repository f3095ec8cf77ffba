"""The forms of the supervision workbench."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Severity
from .rules import RECIPIENTS


class TextForm(forms.Form):
    text = forms.CharField(label=_("意见"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["text"].label = label


class DecideAppealForm(TextForm):
    upheld = forms.TypedChoiceField(
        label=_("申诉是否成立"),
        choices=[("1", _("成立，撤销告警")), ("0", _("不成立，维持告警"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )


class UrgeForm(forms.Form):
    demand = forms.CharField(label=_("督办事项和要求"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    due_on = forms.DateField(label=_("答复期限"), widget=forms.DateInput(attrs={"type": "date"}))


class RuleForm(forms.Form):
    severity = forms.ChoiceField(label=_("等级"), choices=Severity.choices)
    recipients = forms.MultipleChoiceField(
        label=_("通知对象"), choices=list(RECIPIENTS.items()), widget=forms.CheckboxSelectMultiple
    )
    effective_on = forms.DateField(label=_("生效日期"), widget=forms.DateInput(attrs={"type": "date"}))
    active = forms.BooleanField(label=_("启用"), required=False, initial=True)
    reason = forms.CharField(label=_("修订理由"), max_length=300)

    def __init__(self, *args, cond=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.param_names = []
        for name, spec in (cond.params if cond else {}).items():
            self.fields[f"p_{name}"] = forms.IntegerField(
                label=spec.label, min_value=spec.low, max_value=spec.high, initial=spec.default
            )
            self.param_names.append(name)

    def params(self) -> dict:
        return {n: self.cleaned_data[f"p_{n}"] for n in self.param_names}


class ReportForm(forms.Form):
    """Generate one ended month of an org the user may see (the worker does every month on the 1st)."""

    org = forms.ModelChoiceField(label=_("机构"), queryset=None)
    month = forms.CharField(
        label=_("月份"), widget=forms.DateInput(attrs={"type": "month"}), help_text=_("例如 2026-11")
    )

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs if orgs is not None else self.fields["org"].queryset

    def clean_month(self) -> tuple[int, int]:
        from .periods import parse_month

        year, month = parse_month(self.cleaned_data["month"].strip())
        if year is None:
            raise forms.ValidationError(_("请按“年-月”填写，例如 2026-11。"))
        return year, month
