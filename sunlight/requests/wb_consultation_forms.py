"""Workbench forms for 征求意见 (Art. 32–34) and the Art. 35 deadline, and what the request page shows of them.

The forms check only what was typed; the law's checks (who may act, the state, the dates, the reasons)
stay in consultations.py, whose refusal the view shows with its reason.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sunlight import masking
from sunlight.orgs import scope

from .actions import APPROVER_ROLES
from .models import Consultation, InfoRequest
from .wb_forms import DATE_INPUT, ActForm

S = InfoRequest.Status
A = Consultation.Answer


class _Dated(ActForm):
    on = forms.DateField(label=_("日期"), widget=DATE_INPUT)
    id_prefix = "c"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("on", timezone.localdate())

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("日期不能晚于今天。"))
        return on


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

    def __init__(self, *args, request_obj: InfoRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].queryset = self.choices(request_obj)
        self.fields["consultation"].label_from_instance = lambda c: (
            f"{c.get_kind_display()} · {c.party}（{c.sent_on:%Y-%m-%d}）"
        )

    @staticmethod
    def choices(r: InfoRequest):
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
    def choices(r: InfoRequest):
        return r.consultations.filter(answer=A.PENDING)


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
    def choices(r: InfoRequest):
        return r.consultations.filter(
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


def consultation_context(user, r: InfoRequest, can_handle: bool, bound: dict | None = None) -> dict:
    """What the request page's consultation section needs: the rows, and the forms the state and the user allow.

    The list is for everyone who sees the page; the party's contact is masked and shown to handlers only.
    Bound forms (after a refusal) replace the blank ones so nothing typed is lost.
    """
    rows = list(r.consultations.all())
    ctx: dict = {
        "consultations": [
            (c, masking.mask_address(c.party_address) if can_handle and c.party_address else "") for c in rows
        ],
    }
    if r.status == S.CLOSED:
        return ctx
    if can_handle:
        if r.status in (S.PROCESSING, S.CONSULTING):
            ctx["consult_form"] = ConsultForm()
        if any(c.is_open for c in rows):
            ctx["answer_form"] = AnswerForm(request_obj=r)
        if r.status == S.PROCESSING and r.due_on and not r.reasonable_due_on:
            ctx["deadline_form"] = ReasonableDeadlineForm()
    if any(
        c.kind == Consultation.Kind.THIRD_PARTY and c.answer == A.OBJECTION and not c.public_interest_override
        for c in rows
    ):
        if scope.can_act(user, r.org, APPROVER_ROLES):
            ctx["override_form"] = OverrideForm(request_obj=r)
        else:  # the decision is the head's: say whose
            from .duties import who_can_act

            ctx["override_people"] = [
                (m.user.display_name or m.user.get_username(), str(m.get_role_display()), m.org.name)
                for m in who_can_act(r.org, APPROVER_ROLES)
            ]
    keys = ("consult_form", "answer_form", "deadline_form", "override_form")
    ctx.update({k: v for k, v in (bound or {}).items() if k in keys})
    return ctx
