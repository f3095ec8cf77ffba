from __future__ import annotations

from datetime import time

from django import forms
from django.utils.translation import gettext_lazy as _

from sunlight.catalog.queries import public_items


class BookForm(forms.Form):
    """Confirm a booking; the item (a catalog item's number, carried from its guide page) is optional."""

    item = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1)

    def clean_item(self):
        pk = self.cleaned_data.get("item")
        if pk is None:
            return None
        item = public_items().filter(pk=pk).first()
        if item is None:
            raise forms.ValidationError(_("所选事项不可预约。"))
        return item


def _parse_times(text: str) -> list[tuple[time, time]]:
    times = []
    for part in text.replace("，", ",").replace("\n", ",").split(","):
        part = part.strip()
        if not part:
            continue
        start, dash, end = part.replace("–", "-").partition("-")
        try:
            times.append((time.fromisoformat(start.strip()), time.fromisoformat(end.strip())))
        except ValueError:
            raise forms.ValidationError(
                _("时段“%(part)s”格式不正确，应为“09:00-09:30”。") % {"part": part[:20]}
            ) from None
        if not dash:
            raise forms.ValidationError(_("时段“%(part)s”格式不正确，应为“09:00-09:30”。") % {"part": part[:20]})
    if not times:
        raise forms.ValidationError(_("请至少填写一个时段。"))
    if len(times) > 48:
        raise forms.ValidationError(_("一次最多填写 48 个时段。"))
    return times


class OpenSlotsForm(forms.Form):
    first_day = forms.DateField(label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    last_day = forms.DateField(label=_("结束日期"), widget=forms.DateInput(attrs={"type": "date"}))
    times = forms.CharField(
        label=_("时段"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        initial="09:00-09:30, 09:30-10:00, 10:00-10:30, 14:00-14:30, 14:30-15:00",
        help_text=_("用逗号分隔，例如 09:00-09:30, 09:30-10:00；只开放工作日，已开放的时段保持不变。"),
    )
    capacity = forms.IntegerField(label=_("每个时段可预约人数"), min_value=1, max_value=100, initial=2)

    def clean_times(self) -> list[tuple[time, time]]:
        return _parse_times(self.cleaned_data["times"])
