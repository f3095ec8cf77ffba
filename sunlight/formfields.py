"""Form fields every module needs."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PastDateField(forms.DateField):
    """The day something happened: a date picker that refuses a day after today (in the server's time zone).

    `not_after_message` replaces the default "日期不能晚于今天。" where the field needs to say which date it is.
    """

    widget = forms.DateInput(attrs={"type": "date"})
    default_error_messages = {"future": _("日期不能晚于今天。")}

    def __init__(self, *args, not_after_message: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if not_after_message:
            self.error_messages["future"] = not_after_message
        # The browser's picker stops at today too (the server still checks: a picker is only a hint).
        self.widget.attrs.setdefault("max", timezone.localdate().isoformat())

    def validate(self, value: date | None) -> None:
        super().validate(value)
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError(self.error_messages["future"], code="future")
