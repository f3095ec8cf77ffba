"""The application form, built from the item version's materials; the correction upload; the query-code lookup."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..actions import Applicant, MaterialInput, Submission
from ..models import Case, CaseMaterial

P = CaseMaterial.Provision


def _accept_attr() -> str:
    return ",".join(f".{t}" for t in settings.CASES_UPLOAD_TYPES)


def material_help(spec: dict) -> str:
    parts = [
        {"original": "原件", "copy": "复印件", "original_and_copy": "原件和复印件"}.get(spec.get("form", ""), ""),
        f"{spec.get('copies', 1)} 份" if spec.get("copies") else "",
        spec.get("condition", "") and f"适用情形：{spec['condition']}",
    ]
    return "；".join(p for p in parts if p)


class ApplicationForm(forms.Form):
    applicant_name = forms.CharField(label=_("申请人姓名或名称"), max_length=200)
    id_number = forms.CharField(
        label=_("证件号码"),
        max_length=30,
        required=False,
        help_text=_("个人填写居民身份证号码，企业填写统一社会信用代码。"),
    )
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    summary = forms.CharField(
        label=_("申请事由"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )

    def __init__(self, *args, version, certificates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.materials = (version.guide or {}).get("materials", [])
        cert_choices = [("", _("不使用电子证照"))] + [(c.number, f"{c.name} {c.number}") for c in certificates]
        for i, spec in enumerate(self.materials):
            self.fields[f"m{i}"] = forms.FileField(
                label=spec.get("name", ""),
                required=False,
                help_text=material_help(spec),
                widget=forms.ClearableFileInput(attrs={"accept": _accept_attr()}),
            )
            if len(cert_choices) > 1:
                self.fields[f"m{i}_cert"] = forms.ChoiceField(
                    label=_("或调用电子证照（免提交）：%(name)s") % {"name": spec.get("name", "")},
                    choices=cert_choices,
                    required=False,
                )

    def submission(self, kind: str) -> Submission:
        data = self.cleaned_data
        materials = []
        for i in range(len(self.materials)):
            cert = data.get(f"m{i}_cert") or ""
            if cert:
                materials.append(MaterialInput(i, P.CERTIFICATE, certificate_number=cert))
            elif data.get(f"m{i}"):
                materials.append(MaterialInput(i, P.UPLOADED, upload=data[f"m{i}"]))
        return Submission(
            applicant=Applicant(kind, data["applicant_name"], data.get("id_number", ""), data.get("phone", "")),
            materials=materials,
            summary=data.get("summary", ""),
        )


class CorrectionForm(forms.Form):
    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.specs = (case.version.guide or {}).get("materials", [])
        for i, spec in enumerate(self.specs):
            self.fields[f"m{i}"] = forms.FileField(
                label=spec.get("name", ""),
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": _accept_attr()}),
            )

    def materials(self) -> list[MaterialInput]:
        return [
            MaterialInput(i, P.UPLOADED, upload=self.cleaned_data[f"m{i}"])
            for i in range(len(self.specs))
            if self.cleaned_data.get(f"m{i}")
        ]


class TrackForm(forms.Form):
    number = forms.CharField(label=_("办件编号"), max_length=30)
    code = forms.CharField(label=_("查询码"), max_length=40)
