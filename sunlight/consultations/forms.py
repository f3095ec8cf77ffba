"""Forms of the public door (a comment) and of the workbench (the acts). The acts check the rules again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sunlight.disclosure.models import Document
from sunlight.orgs import scope
from sunlight.orgs.models import Org

from .actions import ACT_ROLES, COMMENT_MAX
from .models import Comment, FeedbackPoint

DATE = forms.DateInput(attrs={"type": "date"})


def acting_orgs(user):
    """The orgs the user may consult for: their own with an acting role (an admin's subtree too)."""
    if getattr(user, "is_superuser", False):
        return Org.objects.filter(is_active=True)
    ids = [
        org.pk
        for org in scope.visible_orgs(user, ACT_ROLES).filter(is_active=True)
        if scope.can_act(user, org, ACT_ROLES)
    ]
    return Org.objects.filter(pk__in=ids)


class DocumentField(forms.CharField):
    """A document of the disclosure catalog, by its 索引号."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        document = Document.objects.filter(index_number=value.strip()).select_related("publisher").first()
        if document is None:
            raise forms.ValidationError(_("信息公开目录中没有这个索引号的文件。"))
        return document


class CommentForm(forms.Form):
    name = forms.CharField(
        label=_("姓名或称呼"), max_length=60, required=False, help_text=_("未登录时必填；公开意见时显示。")
    )
    content = forms.CharField(
        label=_("意见内容"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("最多 3000 字。意见经审核后公开，其中的身份证号、手机号等个人信息会被遮蔽。"),
    )


class ConsultationForm(forms.Form):
    org = forms.ModelChoiceField(label=_("征集机关"), queryset=Org.objects.none(), empty_label=_("请选择"))
    draft = DocumentField(
        label=_("征求意见稿索引号"), max_length=40, help_text=_("征求意见稿须先在信息公开目录中发布。")
    )
    title = forms.CharField(label=_("标题"), max_length=200)
    summary = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    start_on = forms.DateField(label=_("开始日期"), widget=DATE)
    end_on = forms.DateField(label=_("截止日期"), widget=DATE)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = acting_orgs(user)


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("提前截止的理由"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("征集期结束前截止的必填。"),
    )


class ModerateForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结果"),
        choices=[(Comment.Moderation.APPROVED, _("公开")), (Comment.Moderation.REJECTED, _("不予公开"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("不予公开的理由"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CommentsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Comment) -> str:
        return f"#{obj.number} {obj.writer_name}：{obj.public_text[:60]}"


class PointForm(forms.Form):
    summary = forms.CharField(label=_("意见要点"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    decision = forms.ChoiceField(label=_("采纳情况"), choices=FeedbackPoint.Decision.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(
        label=_("理由"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("部分采纳或未采纳的，须说明理由。"),
    )
    comments = CommentsField(
        label=_("对应意见"), queryset=Comment.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, consultation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if consultation is not None:
            self.fields["comments"].queryset = consultation.comments.filter(
                moderation=Comment.Moderation.APPROVED
            ).order_by("number")


class ReportForm(forms.Form):
    intro = forms.CharField(
        label=_("说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("征集的基本情况：收到意见的数量、征集方式等。"),
    )


class FinalForm(forms.Form):
    document = DocumentField(
        label=_("正式文件索引号"), max_length=40, help_text=_("正式文件须已在信息公开目录中发布。")
    )


class HearingForm(forms.Form):
    org = forms.ModelChoiceField(label=_("组织机关"), queryset=Org.objects.none(), empty_label=_("请选择"))
    title = forms.CharField(label=_("标题"), max_length=200)
    subject = forms.CharField(label=_("听证事项"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    held_on = forms.DateField(label=_("举行日期"), widget=DATE)
    place = forms.CharField(label=_("地点"), max_length=200)
    announcement = forms.CharField(label=_("听证公告"), widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = acting_orgs(user)


class RecordForm(forms.Form):
    record_text = forms.CharField(label=_("听证记录"), widget=forms.Textarea(attrs={"rows": 12}))
