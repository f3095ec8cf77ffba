"""The owner's forms: registering a project, and a stage's one form (一张表单) with one file input per material of
the stage's one list (一套材料)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..actions import ProjectInput, StageMaterialInput
from ..actions.materials import ListedMaterial
from ..models import Pathway, ProjectType

# The stage form's own fields, kept in the application's form_data under these keys (what a clerk reads).
FORM_DATA_KEYS = {"scale": "建设规模", "contact": "联系人", "phone": "联系电话"}


def _accept_attr() -> str:
    return ",".join(f".{t}" for t in settings.CASES_UPLOAD_TYPES)


class PathwayChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Pathway) -> str:
        return f"{obj.city.name} · {obj.name}"


class RegisterProjectForm(forms.Form):
    pathway = PathwayChoice(label=_("审批流程"), queryset=Pathway.objects.none(), empty_label=None)
    name = forms.CharField(label=_("项目名称"), max_length=200, error_messages={"required": _("请填写项目名称。")})
    project_type = forms.ChoiceField(
        label=_("项目类型"), choices=ProjectType.choices, error_messages={"required": _("请选择项目类型。")}
    )
    location = forms.CharField(label=_("建设地点"), max_length=200, error_messages={"required": _("请填写建设地点。")})
    investment = forms.DecimalField(
        label=_("总投资（万元）"),
        max_digits=14,
        decimal_places=2,
        min_value=0.01,
        error_messages={"required": _("请填写总投资（万元）。"), "invalid": _("总投资须为数字（万元）。")},
    )
    code = forms.CharField(
        label=_("项目代码"),
        max_length=40,
        required=False,
        help_text=_(
            "已在投资项目在线审批监管平台取得项目代码的，请填写（如 2026-530102-48-01-000123）；未填写的由本平台赋码。"
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pathway"].queryset = (
            Pathway.objects.filter(is_active=True).select_related("city").order_by("city__name", "pk")
        )

    def project_input(self) -> ProjectInput:
        data = self.cleaned_data
        return ProjectInput(
            name=data["name"],
            project_type=data["project_type"],
            location=data["location"],
            investment=data["investment"],
            code=data.get("code", ""),
        )


class StageFilingForm(forms.Form):
    scale = forms.CharField(
        label=_("建设规模"),
        max_length=500,
        help_text=_("如：总建筑面积 3.2 万平方米，地上 18 层、地下 2 层。"),
        error_messages={"required": _("请填写建设规模。")},
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    contact = forms.CharField(label=_("联系人"), max_length=50, error_messages={"required": _("请填写联系人。")})
    phone = forms.CharField(label=_("联系电话"), max_length=30, error_messages={"required": _("请填写联系电话。")})

    def __init__(self, *args, listed: list[ListedMaterial], item_names: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.listed = listed
        for i, spec in enumerate(listed):
            used_by = "、".join(item_names.get(item_id, "") for item_id in spec.positions)
            self.fields[f"m{i}"] = forms.FileField(
                label=spec.name,
                required=spec.required,
                help_text=(_("必要材料。用于：%(items)s") if spec.required else _("用于：%(items)s"))
                % {"items": used_by},
                error_messages={"required": _("请提供必要材料“%(m)s”。") % {"m": spec.name}},
                widget=forms.ClearableFileInput(attrs={"accept": _accept_attr()}),
            )

    def material_fields(self):
        return [(spec, self[f"m{i}"]) for i, spec in enumerate(self.listed)]

    def materials(self) -> list[StageMaterialInput]:
        return [
            StageMaterialInput(i, upload=self.cleaned_data[f"m{i}"])
            for i in range(len(self.listed))
            if self.cleaned_data.get(f"m{i}")
        ]

    def form_data(self) -> dict[str, str]:
        return {label: self.cleaned_data[name].strip() for name, label in FORM_DATA_KEYS.items()}
