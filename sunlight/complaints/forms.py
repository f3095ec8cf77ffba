"""Forms of the public door (file, track) and of the workbench (register, the acts). The acts check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sunlight.formfields import PastDateField
from sunlight.orgs.models import Window

from .models import Complaint

CONTENT = forms.Textarea(attrs={"rows": 6})


class WindowField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Window) -> str:
        return f"{obj.center.short_name or obj.center.name} {obj.number} {obj.name}"


def window_field(required: bool = False) -> WindowField:
    return WindowField(
        label=_("被投诉的窗口"),
        queryset=Window.objects.filter(is_active=True, center__is_active=True)
        .select_related("center")
        .order_by("center__path", "number"),
        required=required,
        empty_label=_("请选择窗口"),
        help_text=_("投诉窗口或工作人员时选择。"),
    )


class FileForm(forms.Form):
    """网上投诉. Which fields count depends on what the complaint is about; the act says what is missing."""

    about = forms.ChoiceField(label=_("投诉对象"), choices=Complaint.About.choices, widget=forms.RadioSelect)
    case_number = forms.CharField(
        label=_("办件编号"), max_length=30, required=False, help_text=_("投诉办件时填写；本人申请的办件无需查询码。")
    )
    query_code = forms.CharField(
        label=_("办件查询码"),
        max_length=40,
        required=False,
        help_text=_("投诉他人代为申请、窗口登记的办件时填写回执上的查询码。"),
    )
    window = window_field()
    staff_name = forms.CharField(
        label=_("工作人员姓名或工号"), max_length=60, required=False, help_text=_("投诉工作人员时填写。")
    )
    content = forms.CharField(label=_("投诉内容"), max_length=4000, widget=CONTENT)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)


class TrackForm(forms.Form):
    number = forms.CharField(label=_("投诉编号"), max_length=30)
    code = forms.CharField(label=_("查询码"), max_length=40)


class RegisterForm(forms.Form):
    """Staff register a complaint made at a window or through the 12345 hotline."""

    channel = forms.ChoiceField(
        label=_("投诉渠道"),
        choices=[(c, label) for c, label in Complaint.Channel.choices if c != Complaint.Channel.ONLINE],
        widget=forms.RadioSelect,
    )
    about = forms.ChoiceField(label=_("投诉对象"), choices=Complaint.About.choices, widget=forms.RadioSelect)
    complainant_name = forms.CharField(label=_("投诉人姓名"), max_length=100)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    case_number = forms.CharField(label=_("办件编号"), max_length=30, required=False)
    window = window_field()
    staff_name = forms.CharField(label=_("工作人员姓名或工号"), max_length=60, required=False)
    content = forms.CharField(label=_("投诉内容"), max_length=4000, widget=CONTENT)
    received_on = PastDateField(label=_("受理日期"), required=False, help_text=_("不填为今天。"))


class StartForm(forms.Form):
    note = forms.CharField(
        label=_("调查安排"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class NoteForm(forms.Form):
    text = forms.CharField(label=_("调查情况"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class ConcludeForm(forms.Form):
    conclusion = forms.ChoiceField(
        label=_("调查结论"), choices=[("", _("请选择"))] + list(Complaint.Conclusion.choices), required=False
    )
    findings = forms.CharField(label=_("调查认定"), max_length=4000, required=False, widget=CONTENT)
    measures = forms.CharField(
        label=_("处理措施"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    card_ref = forms.CharField(
        label=_("关联督办编号"), max_length=40, required=False, help_text=_("转为监察卡或督办件的，填写其编号。")
    )
    concluded_on = PastDateField(label=_("办结日期"), required=False, help_text=_("不填为今天。"))
