from django import forms
from django.utils.translation import gettext_lazy as _

from sunlight.orgs.models import Org

from .models import Document, KeyArea, SecrecyReview


class DocumentForm(forms.ModelForm):
    publisher = forms.ModelChoiceField(label=_("发布机构"), queryset=Org.objects.none())
    key_areas = forms.ModelMultipleChoiceField(label=_("重点领域"), queryset=KeyArea.objects.all(), required=False, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Document
        fields = [
            "publisher", "title", "summary", "created_on", "doc_number", "topic", "genre", "keywords", "audience",
            "attribute", "attribute_reason", "scope", "time_limit", "key_areas", "interprets", "body_html",
        ]
        widgets = {
            "created_on": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "attribute_reason": forms.Textarea(attrs={"rows": 2}),
            "body_html": forms.Textarea(attrs={"rows": 14}),
        }

    def __init__(self, *args, publishers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publisher"].queryset = publishers if publishers is not None else Org.objects.none()
        self.fields["interprets"].queryset = Document.objects.filter(status=Document.Status.PUBLISHED).order_by("-published_at")
        self.fields["interprets"].required = False
        if self.instance.pk:
            del self.fields["publisher"]


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("附件（PDF、Word、Excel、图片）"))

    def clean_file(self):
        """The file name is checked here too, so a bad name is an error on this field (the content is checked by the action)."""
        from .attachments import AttachmentRejected, check_filename

        upload = self.cleaned_data["file"]
        try:
            check_filename(upload.name)
        except AttachmentRejected as exc:
            raise forms.ValidationError(exc.message) from None
        return upload


class ReviewForm(forms.Form):
    conclusion = forms.ChoiceField(label=_("审查结论"), choices=SecrecyReview.Conclusion.choices, widget=forms.RadioSelect)
    grounds = forms.CharField(label=_("审查依据和意见"), widget=forms.Textarea(attrs={"rows": 3}))
    override_reason = forms.CharField(label=_("仍有未处理筛查发现时，确认公开的理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PublishForm(forms.Form):
    at = forms.DateTimeField(label=_("定时发布时间（留空为立即发布）"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回理由"), widget=forms.Textarea(attrs={"rows": 2}))


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label=_("有效性"), choices=Document.Validity.choices)
    on = forms.DateField(label=_("变更日期"), widget=forms.DateInput(attrs={"type": "date"}))
    replaced_by = forms.ModelChoiceField(label=_("替代文件"), required=False, queryset=Document.objects.filter(status=Document.Status.PUBLISHED))


class GuideForm(forms.Form):
    body_html = forms.CharField(label=_("指南正文"), widget=forms.Textarea(attrs={"rows": 16}))


class ImportForm(forms.Form):
    org = forms.ModelChoiceField(label=_("导入机构"), queryset=Org.objects.none(), empty_label=None,
                                 help_text=_("导入任务归属的机构；每行的发布机构须是您有权导入的机构。"))
    metadata = forms.FileField(label=_("元数据文件（CSV 或 XLSX）"), widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
                               help_text=_("第一行为表头，列名与命令行导入相同；CSV 须为 UTF-8 编码。"))
    files_zip = forms.FileField(label=_("正文和附件压缩包（ZIP，可选）"), required=False,
                                widget=forms.FileInput(attrs={"accept": ".zip"}),
                                help_text=_("“正文文件”和“附件”列填写压缩包内的路径。"))

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs if orgs is not None else Org.objects.none()
