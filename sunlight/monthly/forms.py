from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sunlight.orgs.models import Org


class GenerateForm(forms.Form):
    """Regenerate one month of one of the staff member's orgs (the worker does every month on the 1st)."""

    org = forms.ModelChoiceField(label=_("机构"), queryset=Org.objects.none())
    month = forms.CharField(
        label=_("月份"), widget=forms.DateInput(attrs={"type": "month"}), help_text=_("例如 2026-11")
    )

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if orgs is not None:
            self.fields["org"].queryset = orgs

    def clean_month(self) -> tuple[int, int]:
        value = self.cleaned_data["month"].strip()
        year, _dash, month = value.partition("-")
        if not (year.isascii() and year.isdigit() and month.isascii() and month.isdigit() and len(year) == 4):
            raise forms.ValidationError(_("请按“年-月”填写，例如 2026-11。"))
        return int(year), int(month)
