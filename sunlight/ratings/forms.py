from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Level, Rating

LEVEL_CHOICES = [(str(v), label) for v, label in Level.choices]  # 5 非常满意 … 1 非常不满意


def level_field(label) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=LEVEL_CHOICES, coerce=int, widget=forms.RadioSelect)


class RatingForm(forms.Form):
    """The applicant's rating: the stage (when more than one is open), the overall level and each aspect."""

    stage = forms.ChoiceField(label=_("评价环节"), widget=forms.RadioSelect)
    level = level_field(_("总体评价"))
    comment = forms.CharField(
        label=_("评价意见"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, stages: list[str], aspects: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.aspect_keys = list(aspects)
        self.fields["stage"].choices = [(s, Rating.Stage(s).label) for s in stages]
        if len(stages) == 1:
            self.fields["stage"].initial = stages[0]
        comment = self.fields.pop("comment")
        for key, label in aspects.items():
            self.fields[f"aspect_{key}"] = level_field(label)
        self.fields["comment"] = comment

    def act_data(self) -> dict:
        data = self.cleaned_data
        return {
            "stage": data["stage"],
            "level": data["level"],
            "aspects": {key: data[f"aspect_{key}"] for key in self.aspect_keys},
            "comment": data.get("comment", ""),
        }


class CallbackForm(forms.Form):
    note = forms.CharField(label=_("回访情况"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class RectifyForm(forms.Form):
    measures = forms.CharField(label=_("整改措施"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(forms.Form):
    text = forms.CharField(
        label=_("反馈内容"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("通过站内消息、电子邮件和短信发送给评价人。"),
    )


class AppealForm(forms.Form):
    reason = forms.CharField(
        label=_("申诉理由"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("恶意或者误评的，说明理由和依据，由上级监察人员复核。"),
    )


class ReviewForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("复核结论"),
        choices=[("1", _("申诉成立，该评价不计入统计")), ("0", _("申诉不成立"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("复核意见"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
