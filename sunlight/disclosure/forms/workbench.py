from django import forms
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from sunlight.formfields import PastDateField
from sunlight.orgs import scope
from sunlight.orgs.models import Org

from ..models import Document, KeyArea, SecrecyReview


class DocumentLookupInput(forms.TextInput):
    """A text field for a 索引号 that searches as you type (htmx + static/disclosure/lookup.js, no inline script).

    Without JavaScript it is a plain text field: the 索引号 typed in is the value. With it, the field is a combobox
    (WAI-ARIA 1.2 pattern): matches by title, 索引号 or 文号 arrive from the lookup endpoint as a listbox, picked with
    the arrow keys and Enter (or a click); the chosen document's 索引号 fills the field.
    """

    template_name = "disclosure/workbench/widgets/document_lookup.html"

    def __init__(self, *, published_only: bool = False, attrs=None):
        super().__init__(attrs={"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.published_only = published_only

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        url = str(reverse_lazy("disclosure_wb:lookup"))
        context["widget"]["lookup_url"] = url + ("?published=1" if self.published_only else "")
        return context


class DocumentLookupField(forms.ModelChoiceField):
    """A document chosen by its 索引号 (instead of a select of thousands of documents)."""

    default_error_messages = {
        "invalid_choice": _(
            "找不到索引号为该值的文件，或您无权引用它。请输入完整的索引号，或输入标题、文号后从列表中选择。"
        )
    }

    def __init__(self, queryset, *, published_only: bool = False, **kwargs):
        kwargs.setdefault(
            "help_text", _("输入标题、索引号或文号查找，用上下方向键选择、回车确认；也可直接填写索引号。")
        )
        super().__init__(
            queryset, to_field_name="index_number", widget=DocumentLookupInput(published_only=published_only), **kwargs
        )

    def to_python(self, value):
        return super().to_python(value.strip() if isinstance(value, str) else value)


def referable_documents(user):
    """Documents a member of staff may link to: published ones, and any in their scope (the lookup offers the same)."""
    from ..models import Document

    published = Q(status=Document.Status.PUBLISHED)
    return Document.objects.filter(published if user is None else published | scope.org_q(user, "publisher"))


class DocumentForm(forms.ModelForm):
    publisher = forms.ModelChoiceField(label=_("发布机构"), queryset=Org.objects.none())
    key_areas = forms.ModelMultipleChoiceField(
        label=_("重点领域"), queryset=KeyArea.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Document
        fields = [
            "publisher",
            "title",
            "summary",
            "created_on",
            "doc_number",
            "topic",
            "genre",
            "keywords",
            "audience",
            "attribute",
            "attribute_reason",
            "scope",
            "time_limit",
            "key_areas",
            "interprets",
            "body_html",
        ]
        field_classes = {"created_on": PastDateField}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "attribute_reason": forms.Textarea(attrs={"rows": 2}),
            # static/disclosure/editor.js turns this into a rich-text editor; without JavaScript it stays a textarea of HTML.
            "body_html": forms.Textarea(attrs={"rows": 14, "data-rich-editor": ""}),
        }

    def __init__(self, *args, publishers=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publisher"].queryset = publishers if publishers is not None else Org.objects.none()
        self.fields["created_on"].error_messages["future"] = _("成文日期不能晚于今天。")
        # An autocomplete on 索引号 instead of a select listing every published document.
        old = self.fields["interprets"]
        queryset = (
            referable_documents(user) if user is not None else Document.objects.filter(status=Document.Status.PUBLISHED)
        )
        if self.instance.pk:
            queryset = queryset.exclude(pk=self.instance.pk)
        self.fields["interprets"] = DocumentLookupField(queryset, label=old.label, required=False)
        if self.instance.interprets_id and not self.is_bound:
            self.initial["interprets"] = self.instance.interprets.index_number
        if self.instance.pk:
            del self.fields["publisher"]


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("附件（PDF、Word、Excel、图片）"))

    def clean_file(self):
        """The file name is checked here too, so a bad name is an error on this field (the content is checked by the action)."""
        from ..attachments import AttachmentRejected, check_filename

        upload = self.cleaned_data["file"]
        try:
            check_filename(upload.name)
        except AttachmentRejected as exc:
            raise forms.ValidationError(exc.message) from None
        return upload


class ReviewForm(forms.Form):
    conclusion = forms.ChoiceField(
        label=_("审查结论"), choices=SecrecyReview.Conclusion.choices, widget=forms.RadioSelect
    )
    grounds = forms.CharField(label=_("审查依据和意见"), widget=forms.Textarea(attrs={"rows": 3}))
    override_reason = forms.CharField(
        label=_("仍有未处理筛查发现时，确认公开的理由"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PublishForm(forms.Form):
    at = forms.DateTimeField(
        label=_("定时发布时间（留空为立即发布）"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回理由"), widget=forms.Textarea(attrs={"rows": 2}))


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label=_("有效性"), choices=Document.Validity.choices)
    on = forms.DateField(label=_("变更日期"), widget=forms.DateInput(attrs={"type": "date"}))
    replaced_by = DocumentLookupField(
        Document.objects.filter(status=Document.Status.PUBLISHED),
        published_only=True,
        label=_("替代文件"),
        required=False,
    )


class GuideForm(forms.Form):
    body_html = forms.CharField(label=_("指南正文"), widget=forms.Textarea(attrs={"rows": 16}))


class ImportForm(forms.Form):
    org = forms.ModelChoiceField(
        label=_("导入机构"),
        queryset=Org.objects.none(),
        empty_label=None,
        help_text=_("导入任务归属的机构；每行的发布机构须是您有权导入的机构。"),
    )
    metadata = forms.FileField(
        label=_("元数据文件（CSV 或 XLSX）"),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
        help_text=_("第一行为表头，列名与命令行导入相同；CSV 须为 UTF-8 编码。"),
    )
    files_zip = forms.FileField(
        label=_("正文和附件压缩包（ZIP，可选）"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".zip"}),
        help_text=_("“正文文件”和“附件”列填写压缩包内的路径。"),
    )

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs if orgs is not None else Org.objects.none()
