"""The official holiday notice as one form: a year, the document number and one line per range."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sunlight.errors import SunlightError

from .actions import parse_notice


class OfficialNoticeForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    document = forms.CharField(
        label=_("文号"),
        max_length=100,
        required=False,
        help_text=_("例如“国办发明电〔2026〕7号”，记入每一天的说明和操作记录。"),
    )
    lines = forms.CharField(
        label=_("放假安排"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        help_text=_(
            "每行一段：日期或“开始日期~结束日期”，空格，名称。放假写节日名称，调休上班日写“上班”。例如："
            "“2027-01-01 元旦”“2027-02-05~2027-02-11 春节”“2027-02-14 上班”。以 # 开头的行不计。"
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year + 1

    def clean(self) -> dict:
        data = super().clean()
        if "year" in data and "lines" in data:
            try:
                data["parsed"] = parse_notice(data["year"], data["lines"])
            except SunlightError as exc:
                for message in exc.message.splitlines():
                    self.add_error("lines", message)
        return data
