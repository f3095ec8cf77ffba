from django import forms
from django.utils.translation import gettext_lazy as _


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("用户名"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username"})
    )
    password = forms.CharField(label=_("密码"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("动态验证码"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("请输入 6 位数字验证码。")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _verb_choices():
    """Every labelled act, in words; the value stays the verb (a prefix filter), never shown to staff."""
    from sunlight.modules import verb_labels, verb_prefixes

    acts = list(verb_labels().items())
    acts += [(f"{prefix}.", _("修改设置：%(what)s") % {"what": what}) for prefix, what in verb_prefixes().items()]
    return [("", _("全部动作"))] + acts


class EventFilterForm(forms.Form):
    verb = forms.ChoiceField(label=_("动作"), required=False, choices=_verb_choices)
    date_from = forms.DateField(label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("令牌用途"), max_length=100)
    days = forms.IntegerField(label=_("有效天数"), min_value=1, max_value=730, initial=90)
