"""The forms of the staff acts on a case, and the window's registration of a walk-in application."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from ..actions import DELIVERY_METHODS
from ..models import Case
from ..notices import SPECIAL_PROCEDURES


class NoteForm(forms.Form):
    note = forms.CharField(label=_("备注"), max_length=500, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class OpinionForm(forms.Form):
    opinion = forms.CharField(label=_("办理意见"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class CorrectionForm(forms.Form):
    defects = forms.CharField(
        label=_("需要补正的全部内容"),
        help_text=_("每行一项。一次性告知：请把所有问题一次列全。"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
    )
    repeat_reason = forms.CharField(
        label=_("再次告知的理由"),
        help_text=_("仅在第二次及以后告知时填写：首次告知时无法发现的新问题。再次告知将被电子监察记录。"),
        required=False,
        max_length=1000,
    )

    def defect_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["defects"].splitlines() if line.strip()]


class DecideForm(forms.Form):
    granted = forms.TypedChoiceField(
        label=_("审批决定"),
        choices=[("1", _("准予")), ("0", _("不予准予"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("决定内容或不予准予的理由"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )
    scope = forms.CharField(
        label=_("许可范围"), required=False, max_length=2000, help_text=_("结果为证照的事项，准予时颁发电子证照。")
    )
    valid_until = forms.DateField(
        label=_("证照有效期至"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("不填为长期有效。"),
    )

    def certificate(self) -> dict | None:
        data = self.cleaned_data
        if not (data.get("scope") or data.get("valid_until")):
            return None
        return {"scope": data.get("scope", ""), "valid_until": data.get("valid_until")}


class SpecialForm(forms.Form):
    procedure = forms.ChoiceField(label=_("特别程序"), choices=list(SPECIAL_PROCEDURES.items()))
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    expected_days = forms.IntegerField(label=_("预计工作日"), min_value=0, max_value=365, required=False)


class FeeForm(forms.Form):
    name = forms.CharField(label=_("收费项目"), max_length=100)
    amount = forms.DecimalField(
        label=_("金额（元）"), min_value=Decimal("0.01"), max_value=Decimal("9999999.99"), decimal_places=2
    )
    basis = forms.CharField(label=_("收费依据"), max_length=300, required=False)


class DeliverForm(forms.Form):
    method = forms.ChoiceField(label=_("送达方式"), choices=[(m, m) for m in DELIVERY_METHODS])


class OnTheSpotForm(forms.Form):
    granted = forms.TypedChoiceField(
        label=_("办理结果"),
        choices=[("1", _("准予")), ("0", _("不予准予"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    text = forms.CharField(label=_("说明"), required=False, max_length=2000)


class TransferForm(forms.Form):
    """上报 / 指导办: the lower level ends its preliminary review and hands the case to the deciding org."""

    to_org = forms.TypedChoiceField(label=_("上报至（决定机关）"), coerce=int, choices=())
    kind = forms.ChoiceField(
        label=_("移交方式"),
        choices=[("report", _("上报（附初审意见）")), ("guide", _("指导办（向上转报并附指导意见）"))],
        widget=forms.RadioSelect,
        initial="report",
    )
    opinion = forms.CharField(label=_("初审意见或指导意见"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_org"].choices = [(org.pk, org.name) for org in targets]


class RegisterForm(forms.Form):
    applicant_kind = forms.ChoiceField(label=_("申请人类型"), choices=Case.ApplicantKind.choices)
    applicant_name = forms.CharField(label=_("申请人姓名或名称"), max_length=200)
    id_number = forms.CharField(label=_("证件号码"), max_length=30, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    agent_name = forms.CharField(label=_("代办人"), max_length=100, required=False)
    summary = forms.CharField(label=_("申请事由"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.specs = (version.guide or {}).get("materials", [])
        for i, spec in enumerate(self.specs):
            self.fields[f"m{i}"] = forms.ChoiceField(
                label=spec.get("name", ""),
                choices=[
                    ("in_person", _("现场提交（已核验原件）")),
                    ("uploaded", _("扫描上传")),
                    ("missing", _("未提供")),
                ],
                initial="in_person",
            )
            self.fields[f"m{i}_file"] = forms.FileField(label=_("扫描件"), required=False)
