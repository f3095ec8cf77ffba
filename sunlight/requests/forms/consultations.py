"""Workbench forms for 征求意见 (Art. 32–34) and the Art. 35 deadline: the request page's section
(sunlight/requests/views/workbench/panels.py).

The forms check only what was typed; the law's checks (who may act, the state, the dates, the reasons)
stay in actions/consultation.py, whose refusal the view shows with its reason.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sunlight.formfields import PastDateField

from ..models import Consultation, InfoRequest
from .workbench import DATE_INPUT, ActForm

S = InfoRequest.Status
A = Consultation.Answer


class _Dated(ActForm):
    on = PastDateField(label=_("日期"), widget=DATE_INPUT)
    id_prefix = "c"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("on", timezone.localdate())


class ConsultForm(_Dated):
    """书面征求意见: whom, about what, and the day the letter went out."""

    id_prefix = "consult"
    kind = forms.ChoiceField(label=_("征求对象类别"), choices=Consultation.Kind.choices)
    party = forms.CharField(label=_("征求对象"), max_length=200)
    party_address = forms.CharField(
        label=_("征求对象联系方式"), max_length=500, required=False, help_text=_("加密保存，不向申请人显示。")
    )
    matter = forms.CharField(label=_("征求意见的事项"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    field_order = ["kind", "party", "party_address", "matter", "on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = _("发函日期")
        self.fields["party_address"].widget.attrs["autocomplete"] = "off"


class _OfRequest(_Dated):
    """A form that picks one of the request's consultations."""

    consultation = forms.ModelChoiceField(label=_("征求意见"), queryset=Consultation.objects.none(), empty_label=None)

    def __init__(self, *args, info_request: InfoRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].queryset = self.choices(info_request)
        self.fields["consultation"].label_from_instance = lambda c: (
            f"{c.get_kind_display()} · {c.party}（{c.sent_on:%Y-%m-%d}）"
        )

    @staticmethod
    def choices(info_request: InfoRequest):
        raise NotImplementedError


class AnswerForm(_OfRequest):
    """The party's answer; an objection needs its reasons."""

    id_prefix = "answer"
    answer = forms.ChoiceField(
        label=_("意见"), choices=[(A.CONSENT, A.CONSENT.label), (A.OBJECTION, A.OBJECTION.label)]
    )
    text = forms.CharField(
        label=_("意见内容或理由"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("不同意公开的，须记录其理由。"),
    )
    field_order = ["consultation", "answer", "text", "on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = _("收到意见日期")

    @staticmethod
    def choices(info_request: InfoRequest):
        return info_request.consultations.filter(answer=A.PENDING)


class OverrideForm(_OfRequest):
    """Art. 32 public-interest override of a third party's objection: the head's decision."""

    id_prefix = "override"
    reason = forms.CharField(
        label=_("公共利益理由"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("不公开可能对公共利益造成重大影响的理由；将书面告知第三方。"),
    )
    field_order = ["consultation", "reason", "on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = _("决定日期")

    @staticmethod
    def choices(info_request: InfoRequest):
        return info_request.consultations.filter(
            kind=Consultation.Kind.THIRD_PARTY, answer=A.OBJECTION, public_interest_override=False
        )


class ReasonableDeadlineForm(_Dated):
    """第三十五条: a later, reasonable deadline for an applicant's requests that clearly exceed a reasonable range."""

    id_prefix = "deadline"
    due_on = forms.DateField(
        label=_("确定的答复期限"), widget=DATE_INPUT, help_text=_("须晚于当前答复期限，且为工作日。")
    )
    reason = forms.CharField(
        label=_("理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("申请数量、频次明显超过合理范围，理由合理但无法在期限内答复的情况。"),
    )
    field_order = ["due_on", "reason", "on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = _("告知日期")
