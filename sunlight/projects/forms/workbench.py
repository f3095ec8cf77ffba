"""The forms of the staff pages of parallel approval: a stage's acts, the city's pathways, the construction
window's registration of a project and filing of a stage for a walk-in owner."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sunlight.cases.actions import DELIVERY_METHODS
from sunlight.validators import compact, credit_code_error

from ..actions.opinions import MAX_REPLY_DAYS
from ..models import ProjectType, StageItem
from ..presets import PRESETS


class ConfirmForm(forms.Form):
    """An act with nothing to fill in (统一受理): a form all the same, so a refusal shows in its error summary."""


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("不予受理的理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class DeliverForm(forms.Form):
    method = forms.ChoiceField(label=_("出件方式"), choices=[(m, m) for m in DELIVERY_METHODS])


class DeliverLateForm(forms.Form):
    """补充出件: one decided optional item of a delivered stage."""

    case = forms.TypedChoiceField(label=_("选办事项"), coerce=int)
    method = forms.ChoiceField(label=_("出件方式"), choices=[(m, m) for m in DELIVERY_METHODS])

    def __init__(self, *args, cases=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [(c.pk, f"{c.item.name}（{c.number}）") for c in cases]


class AskForm(forms.Form):
    from_org = forms.TypedChoiceField(label=_("征求部门"), coerce=int)
    to_org = forms.TypedChoiceField(label=_("被征求部门"), coerce=int)
    question = forms.CharField(label=_("征求意见的事项"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    days = forms.IntegerField(
        label=_("答复时限（工作日）"),
        min_value=1,
        max_value=MAX_REPLY_DAYS,
        initial=3,
        help_text=_("1 至 20 个工作日。"),
    )

    def __init__(self, *args, mine: list, orgs: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_org"].choices = [(o.pk, o.name) for o in mine]
        self.fields["to_org"].choices = [(o.pk, o.name) for o in orgs]


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("意见"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class JointReviewForm(forms.Form):
    conclusion = forms.CharField(label=_("联合审查结论"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    passed = forms.TypedChoiceField(
        label=_("审查结果"),
        choices=[("1", _("通过")), ("0", _("不通过"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
    )

    def __init__(self, *args, orgs: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.org_fields = []
        for org in orgs:
            name = f"opinion_{org.pk}"
            self.fields[name] = forms.CharField(
                label=_("%(org)s的意见") % {"org": org.name},
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=2000,
            )
            self.org_fields.append((org.pk, name))

    def opinions(self) -> dict[int, str]:
        return {pk: self.cleaned_data.get(name, "") for pk, name in self.org_fields}


class InstallPresetForm(forms.Form):
    city = forms.TypedChoiceField(label=_("城市"), coerce=int)
    preset = forms.ChoiceField(label=_("预设审批流程"), choices=[(k, p.name) for k, p in PRESETS.items()])

    def __init__(self, *args, cities: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].choices = [(c.pk, c.name) for c in cities]


class StageItemForm(forms.Form):
    item = forms.TypedChoiceField(label=_("事项"), coerce=int)
    requirement = forms.ChoiceField(label=_("办理要求"), choices=StageItem.Requirement.choices)
    project_types = forms.MultipleChoiceField(
        label=_("适用项目类型"),
        choices=ProjectType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("“按项目类型必办”的事项须选择；其他办理要求不必选择。"),
    )

    def __init__(self, *args, items: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [(i.pk, f"{i.name}（{i.org.short_name or i.org.name}）") for i in items]


class RegisterProjectForm(forms.Form):
    pathway = forms.TypedChoiceField(label=_("审批流程"), coerce=int)
    name = forms.CharField(label=_("项目名称"), max_length=200)
    project_type = forms.ChoiceField(label=_("项目类型"), choices=ProjectType.choices)
    location = forms.CharField(label=_("建设地点"), max_length=200)
    investment = forms.DecimalField(
        label=_("总投资（万元）"), max_digits=14, decimal_places=2, min_value=0, localize=False
    )
    owner_name = forms.CharField(label=_("建设单位名称"), max_length=200)
    owner_credit_code = forms.CharField(label=_("建设单位统一社会信用代码"), max_length=18, min_length=18)
    code = forms.CharField(
        label=_("项目代码"),
        max_length=40,
        required=False,
        help_text=_("已在投资项目在线审批监管平台赋码的，填写项目代码；不填则由本系统生成。"),
    )

    def __init__(self, *args, pathways: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pathway"].choices = [(p.pk, f"{p.name}（{p.city.name}）") for p in pathways]

    def clean_owner_credit_code(self) -> str:
        code = compact(self.cleaned_data["owner_credit_code"])
        error = credit_code_error(code)
        if error:
            raise forms.ValidationError(error)
        return code


class FileStageForm(forms.Form):
    """申报 at the window: the one form (contact, note) and, for each material of the stage's one list, how the
    owner provided it; the window may take paper originals (现场提交)."""

    contact = forms.CharField(label=_("联系人"), max_length=60)
    phone = forms.CharField(label=_("联系电话"), max_length=30)
    note = forms.CharField(
        label=_("申报说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )

    def __init__(self, *args, listed: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.listed = listed
        for i, m in enumerate(listed):
            self.fields[f"m{i}"] = forms.ChoiceField(
                label=m.name + ("" if m.required else gettext("（非必要）")),
                choices=[
                    ("in_person", _("现场提交（已核验原件）")),
                    ("uploaded", _("扫描上传")),
                    ("missing", _("未提供")),
                ],
                initial="in_person",
            )
            self.fields[f"m{i}_file"] = forms.FileField(label=_("%(m)s扫描件") % {"m": m.name}, required=False)
