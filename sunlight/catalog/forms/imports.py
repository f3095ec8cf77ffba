"""The upload form of the Excel import and the filters of the export."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sunlight.orgs.models import Org

from ..kinds import ItemKind
from ..models import ServiceItem


class ImportForm(forms.Form):
    org = forms.ModelChoiceField(
        label=_("导入机构"),
        queryset=Org.objects.none(),
        empty_label=None,
        help_text=_("每行的实施机构须是该机构或其下属机构，且您在其中有事项管理权限。"),
    )
    workbook = forms.FileField(
        label=_("事项工作簿（XLSX）"),
        widget=forms.FileInput(attrs={"accept": ".xlsx"}),
        help_text=_("工作表“事项”每行一个事项版本；材料、环节、收费等工作表按实施编码和版本号对应。"),
    )
    publish = forms.BooleanField(
        label=_("导入即发布"),
        required=False,
        help_text=_("仅审核人员或管理员可选：按每行的生效日期直接发布；不选则导入为待审核。"),
    )

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs if orgs is not None else Org.objects.none()


class ExportForm(forms.Form):
    """The staff item list's filters (all optional)."""

    org = forms.ModelChoiceField(label=_("实施机构"), queryset=Org.objects.none(), required=False)
    kind = forms.ChoiceField(label=_("事项类型"), choices=[("", _("全部"))] + ItemKind.choices, required=False)
    status = forms.ChoiceField(label=_("状态"), choices=[("", _("全部"))] + ServiceItem.Status.choices, required=False)
    q = forms.CharField(label=_("名称或编码包含"), max_length=100, required=False)

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs if orgs is not None else Org.objects.none()
