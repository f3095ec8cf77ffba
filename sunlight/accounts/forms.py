from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from sunlight.validators import compact, validate_credit_code

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

    def clean_credit_code(self) -> str:
        # The GB 32100 check digit with a message that says what is wrong (the model's validator repeats the check).
        value = compact(self.cleaned_data.get("credit_code", ""))
        if value:
            validate_credit_code(value)
        return value

    def clean(self):
        data = super().clean()
        if (
            data.get("kind") == User.Kind.LEGAL_PERSON
            and not data.get("credit_code")
            and "credit_code" not in self.errors
        ):
            self.add_error("credit_code", _("法人或其他组织须填写统一社会信用代码。"))
        if data.get("kind") == User.Kind.CITIZEN and data.get("credit_code"):
            # On the field, so the error summary links to it.
            self.add_error("credit_code", _("自然人账户不填写统一社会信用代码。"))
        return data
