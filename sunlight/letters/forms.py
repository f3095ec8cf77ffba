"""Forms of the public door (write, track, rate, reopen) and of the workbench (register and the acts). The acts check
the rules; the forms only shape the input."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sunlight.orgs.models import Org, Region

from .models import Letter, Mailbox

TEXT = forms.Textarea(attrs={"rows": 8})
SHORT = forms.Textarea(attrs={"rows": 3})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(FilesField, self).clean(d, initial) for d in items if d]


class WriteForm(forms.Form):
    type = forms.ChoiceField(label=_("来信类型"), choices=Letter.Type.choices, widget=forms.RadioSelect)
    subject = forms.CharField(label=_("标题"), max_length=100)
    content = forms.CharField(
        label=_("内容"),
        max_length=settings.LETTERS_CONTENT_MAX,
        widget=TEXT,
        help_text=_("请写清事情经过、地点和您的诉求。请勿填写身份证号等与诉求无关的个人信息。"),
    )
    region = forms.ModelChoiceField(
        label=_("事发地"),
        queryset=Region.objects.order_by("code"),
        required=False,
        empty_label=_("请选择（可不选）"),
    )
    address = forms.CharField(label=_("详细地点"), max_length=200, required=False)
    writer_name = forms.CharField(label=_("姓名"), max_length=60, required=False, help_text=_("未登录时必填。"))
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    email = forms.EmailField(label=_("电子邮箱"), max_length=120, required=False)
    files = FilesField(
        label=_("附件"),
        required=False,
        help_text=_("最多 5 个，PDF、Word、Excel 或图片，每个不超过 50 MB。"),
    )
    publish_consent = forms.BooleanField(
        label=_("同意公开（姓名、电话等个人信息将被遮盖）"),
        required=False,
    )


class RegisterForm(WriteForm):
    """Staff register a 12345 call or a letter handed in at a window."""

    mailbox = forms.ModelChoiceField(label=_("信箱"), queryset=Mailbox.objects.none(), empty_label=_("请选择信箱"))
    channel = forms.ChoiceField(
        label=_("来信渠道"),
        choices=[
            (Letter.Channel.HOTLINE, Letter.Channel.HOTLINE.label),
            (Letter.Channel.WINDOW, Letter.Channel.WINDOW.label),
        ],
    )
    field_order = ["mailbox", "channel"]

    def __init__(self, *args, mailboxes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mailbox"].queryset = mailboxes if mailboxes is not None else Mailbox.objects.none()
        self.fields["writer_name"].required = True
        self.fields["writer_name"].help_text = ""


class TrackForm(forms.Form):
    number = forms.CharField(label=_("信件编号"), max_length=30)
    code = forms.CharField(label=_("查询码"), max_length=40)


class RateForm(forms.Form):
    rating = forms.ChoiceField(label=_("您对答复满意吗"), choices=Letter.Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("评价意见"), max_length=1000, required=False, widget=SHORT)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("申请重新办理的理由"), max_length=1000, widget=SHORT)


class OrgField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Org) -> str:
        return obj.name


class AssignForm(forms.Form):
    org = OrgField(label=_("承办单位"), queryset=Org.objects.none(), empty_label=_("请选择承办单位"))
    instructions = forms.CharField(label=_("转办意见"), max_length=2000, required=False, widget=SHORT)

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs if orgs is not None else Org.objects.none()


class RefuseForm(forms.Form):
    redirect = forms.ChoiceField(label=_("引导渠道"), choices=Letter.Redirect.choices)
    reason = forms.CharField(label=_("不予受理理由"), max_length=2000, widget=SHORT)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=2000, widget=SHORT)


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("答复内容"), max_length=8000, widget=TEXT)


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("延期工作日"), min_value=1, max_value=settings.LETTERS_EXTENSION_MAX_DAYS)
    reason = forms.CharField(label=_("延期理由"), max_length=2000, widget=SHORT)


class FollowUpForm(forms.Form):
    result = forms.CharField(label=_("回访情况"), max_length=2000, widget=SHORT)


class UrgeForm(forms.Form):
    text_ = forms.CharField(label=_("督办意见"), max_length=2000, widget=SHORT)


class PublishForm(forms.Form):
    subject = forms.CharField(label=_("公开标题"), max_length=100, required=False)
    content = forms.CharField(label=_("公开内容"), max_length=8000, required=False, widget=TEXT)
    reply = forms.CharField(label=_("公开答复"), max_length=8000, required=False, widget=TEXT)
