from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    """The public check: paste the code printed under the QR code, or just the certificate number."""

    number = forms.CharField(label=_("证照编号"), max_length=40, required=False)
    token = forms.CharField(
        label=_("核验码"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("扫描二维码得到的网址中 c= 之后的内容，或完整网址。"),
    )

    def clean(self):
        data = super().clean()
        token = (data.get("token") or "").strip()
        if "c=" in token:
            token = token.split("c=", 1)[1].split("&", 1)[0]
        data["token"] = token
        if not token and not (data.get("number") or "").strip():
            raise forms.ValidationError(_("请填写证照编号或核验码。"))
        return data


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("撤销理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class RenewForm(forms.Form):
    valid_until = forms.DateField(
        label=_("新证有效期至"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("留空表示长期有效"),
    )
    reason = forms.CharField(label=_("换发理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
