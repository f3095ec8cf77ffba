"""Forms of the public door (a ballot, a vote) and of the workbench (register a resident, draft an evaluation or a
proposal). The acts check the rules; a form only shapes the input."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sunlight.disclosure.models import Document
from sunlight.disclosure.queries import public_documents
from sunlight.formfields import PastDateField

from .models import EvaluationBallot
from .rules import managed_villages

DATE = forms.DateInput(attrs={"type": "date"})


class VillageField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


def village_field(user) -> VillageField:
    return VillageField(label=_("村（居）民委员会"), queryset=managed_villages(user), empty_label=_("请选择"))


class BallotForm(forms.Form):
    grade = forms.ChoiceField(
        label=_("评议等次"), choices=EvaluationBallot.Grade.choices, widget=forms.RadioSelect, required=False
    )
    comment = forms.CharField(
        label=_("意见建议"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class VoteForm(forms.Form):
    choice = forms.TypedChoiceField(label=_("您的表决"), coerce=int, widget=forms.RadioSelect, required=False)

    def __init__(self, *args, options: list[str] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = list(enumerate(options))

    def clean_choice(self):
        value = self.cleaned_data.get("choice")
        if value in (None, ""):
            raise forms.ValidationError(_("请选择一个选项。"))
        return value


class RegisterForm(forms.Form):
    """登记居民: the committee finds the citizen's account by user name or mobile number."""

    org = forms.ModelChoiceField(label=_("村（居）民委员会"), queryset=None, empty_label=_("请选择"))
    account = forms.CharField(
        label=_("居民账户"), max_length=150, help_text=_("填写居民在公众门户注册的用户名或手机号。")
    )
    registered_on = PastDateField(label=_("登记日期"), required=False, help_text=_("不填为今天。"))

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"] = village_field(user)

    def clean_account(self):
        value = self.cleaned_data["account"].strip()
        users = get_user_model().objects.filter(Q(username=value) | Q(phone=value), kind="citizen", is_active=True)
        found = list(users[:2]) if value else []
        if len(found) != 1:
            raise forms.ValidationError(_("没有找到这个居民账户，请核对用户名或手机号。"))
        return found[0]


class DocumentsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Document) -> str:
        return f"{obj.publisher.short_name or obj.publisher.name} · {obj.title}"


class EvaluationForm(forms.Form):
    org = forms.ModelChoiceField(label=_("村（居）民委员会"), queryset=None)
    title = forms.CharField(label=_("标题"), max_length=200)
    subject = forms.CharField(label=_("评议内容"), max_length=60, help_text=_("例如：村务公开、村干部述职。"))
    description = forms.CharField(
        label=_("说明"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    start_on = forms.DateField(label=_("开始日期"), widget=DATE)
    end_on = forms.DateField(label=_("截止日期"), widget=DATE)
    documents = DocumentsField(
        label=_("关联的三务公开信息"),
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("只能关联本村（居）民委员会已发布的公开信息。"),
    )

    def __init__(self, *args, user=None, org=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        villages = managed_villages(user)
        self.fields["org"] = village_field(user)
        if org is not None:  # editing: the village is fixed
            del self.fields["org"]
            villages = villages.filter(pk=org.pk)
        self.fields["documents"].queryset = (
            public_documents().filter(publisher__in=villages).select_related("publisher").order_by("-published_at")
        )


class ProposalForm(forms.Form):
    org = forms.ModelChoiceField(label=_("村（居）民委员会"), queryset=None)
    title = forms.CharField(label=_("议题"), max_length=200)
    text = forms.CharField(label=_("议题内容"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6}))
    options = forms.CharField(
        label=_("选项"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一个，至少两个；第一个选项为通过议题的选项。不填为：同意、不同意、弃权。"),
    )
    start_on = forms.DateField(label=_("开始日期"), widget=DATE)
    end_on = forms.DateField(label=_("截止日期"), widget=DATE)

    def __init__(self, *args, user=None, org=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"] = village_field(user)
        if org is not None:
            del self.fields["org"]

    def clean_options(self):
        lines = [line.strip() for line in self.cleaned_data.get("options", "").splitlines() if line.strip()]
        return lines or None
