"""The public's one form on a guide: “这个指南有错” (the action checks the rest: a published guide)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class GuideFeedbackForm(forms.Form):
    text = forms.CharField(
        label=_("哪里有错"),
        help_text=_("请写明是哪一项内容有错，正确的应是什么。"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("请写明指南哪里有错。"), "max_length": _("纠错内容不超过2000字。")},
    )
    contact = forms.CharField(
        label=_("联系方式"),
        help_text=_("如需回复，请留下电话或电子邮箱。"),
        max_length=100,
        required=False,
        error_messages={"max_length": _("联系方式不超过100字。")},
    )
