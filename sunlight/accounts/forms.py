from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import User


class RegisterForm(UserCreationForm):
    kind = forms.ChoiceField(
        label=_("账户类型"),
        choices=[(User.Kind.CITIZEN, _("自然人")), (User.Kind.LEGAL_PERSON, _("法人或其他组织"))],
        widget=forms.RadioSelect,
        initial=User.Kind.CITIZEN,
    )

    class Meta:
        model = User
        fields = ("username", "kind", "display_name", "phone", "credit_code")
        labels = {"username": _("用户名"), "display_name": _("姓名或单位名称")}

    def clean(self):
        data = super().clean()
        if data.get("kind") == User.Kind.LEGAL_PERSON and not data.get("credit_code"):
            self.add_error("credit_code", _("法人或其他组织须填写统一社会信用代码。"))
        if data.get("kind") == User.Kind.CITIZEN and data.get("credit_code"):
            raise ValidationError(_("自然人账户不填写统一社会信用代码。"))
        return data
