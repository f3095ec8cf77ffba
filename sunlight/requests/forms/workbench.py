"""Staff forms of disclosure on request (依申请公开) in the workbench.

The forms only check what was typed (a date is a date, a number a number); the law's checks — who may
act, the 7-working-day correction window, the extension's limit and approval, the outcome being one of
the law's — stay in the actions (sunlight.requests.actions), whose SunlightError the view shows with the reason.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sunlight import idempotency
from sunlight.formfields import PastDateField
from sunlight.ints import ascii_int
from sunlight.orgs import scope
from sunlight.orgs.models import Org
from sunlight.validators import applicant_document_error, compact

from .. import fees, law
from ..models import ApplicantType, InfoRequest, Outcome
from ..roles import HANDLER_ROLES, HANDLING_KINDS
from .public import is_natural

# Only people's governments and their departments handle requests (the rule submit_online applies).
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def handler_orgs(user):
    """The orgs where `user` may register and handle requests: can_act with HANDLER_ROLES, as a queryset."""
    orgs = Org.objects.filter(is_active=True, kind__in=HANDLING_KINDS)
    if not user.is_superuser:
        orgs = orgs.filter(scope.org_q(user, "", HANDLER_ROLES))
    return orgs.order_by("path", "sort_order")


def outcome_choices() -> list:
    """The reply's outcomes grouped by category (section 三's headings), printed names as labels.

    The value is "category" or "category:number", which the view hands to actions.reply; so an
    outcome that is not in the law is refused by the action (law.outcome), not only by the form."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for o in law.outcomes():
        value = o.category if o.number is None else f"{o.category}:{o.number}"
        groups.setdefault(Outcome.HEADINGS[o.category], []).append((value, o.printed_name))
    return [("", _("请选择答复类型"))] + list(groups.items())


class QueueFilterForm(forms.Form):
    """The queue's filters (GET). Invalid values are dropped, never an error page."""

    DUE_CHOICES = [("", _("全部")), ("open", _("全部未办结")), ("soon", _("5个工作日内到期")), ("overdue", _("已超期"))]
    SORT_CHOICES = [("due", _("按答复期限")), ("received", _("按收到日期"))]

    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部"))] + list(InfoRequest.Status.choices)
    )
    org = forms.TypedChoiceField(label=_("受理机关"), required=False, coerce=int, empty_value=None)
    due = forms.ChoiceField(label=_("期限"), required=False, choices=DUE_CHOICES)
    received_from = forms.DateField(label=_("收到日期自"), required=False, widget=DATE_INPUT)
    received_to = forms.DateField(label=_("收到日期至"), required=False, widget=DATE_INPUT)
    sort = forms.ChoiceField(label=_("排序"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, orgs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [("", _("全部"))] + [(o.pk, o.name) for o in orgs]

    def values(self) -> dict:
        """The valid filters only: a bad field is ignored rather than failing the whole queue."""
        self.is_valid()
        return {
            k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors and v not in (None, "")
        }


class RegisterForm(forms.Form):
    """Staff registration of a request that came in person, by post, fax or e-mail (Art. 29, 31)."""

    org = forms.ModelChoiceField(label=_("受理机关"), queryset=Org.objects.none(), empty_label=_("请选择受理机关"))
    channel = forms.ChoiceField(
        label=_("申请方式"),
        choices=[("", _("请选择申请方式"))]
        + [c for c in InfoRequest.Channel.choices if c[0] != InfoRequest.Channel.ONLINE],
    )
    received_on = forms.DateField(
        label=_("收到申请日期"), widget=DATE_INPUT, help_text=InfoRequest._meta.get_field("received_on").help_text
    )
    applicant_type = forms.ModelChoiceField(
        label=_("申请人类型"), queryset=ApplicantType.objects.none(), empty_label=_("请选择申请人类型")
    )
    applicant_name = forms.CharField(label=_("姓名或名称"), max_length=200)
    id_number = forms.CharField(
        label=_("证件号码"),
        max_length=40,
        required=False,
        help_text=_("自然人填写身份证件号码；法人或其他组织填写统一社会信用代码。"),
    )
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    email = forms.EmailField(label=_("电子邮箱"), max_length=200, required=False)
    address = forms.CharField(label=_("通信地址"), max_length=300, required=False)
    description = forms.CharField(
        label=_("所需政府信息的名称、文号或便于查询的其他特征性描述"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    format = forms.ChoiceField(
        label=_("获取信息的载体形式"), choices=InfoRequest.Format.choices, widget=forms.RadioSelect
    )
    delivery = forms.ChoiceField(
        label=_("获取信息的方式"), choices=InfoRequest.Delivery.choices, widget=forms.RadioSelect
    )
    # A one-time key made when the form is rendered: a double click registers one request (sunlight.idempotency).
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=128)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", idempotency.new_key())
        orgs = handler_orgs(user)
        self.fields["org"].queryset = orgs
        if not self.is_bound and len(orgs) == 1:
            self.initial.setdefault("org", orgs[0].pk)
        types = list(law.applicant_types())
        parents = {t.parent_id for t in types if t.parent_id}
        # A heading with kinds under it (法人或其他组织) is not itself a choice.
        self.fields["applicant_type"].queryset = ApplicantType.objects.exclude(pk__in=parents).select_related("parent")
        self.initial.setdefault("received_on", timezone.localdate())
        for name in ("id_number", "phone", "email", "address"):
            self.fields[name].widget.attrs["autocomplete"] = "off"

    def clean_id_number(self) -> str:
        return compact(self.cleaned_data["id_number"])

    def clean_submission_key(self) -> str:
        key = self.cleaned_data["submission_key"]
        return key if idempotency.is_valid_key(key) else ""

    def clean(self):
        data = super().clean()
        kind, number = data.get("applicant_type"), data.get("id_number")
        # The same check digits as the public form (GB 11643 for a resident ID, GB 32100 for a credit code).
        if kind is not None and number and (error := applicant_document_error(number, natural=is_natural(kind))):
            self.add_error("id_number", error)
        return data


class ActForm(forms.Form):
    """A form of one act on the request page. Several share the page, so each field id carries the act's
    prefix (two "on" fields must not both be id_on: a label would point at the other form's field)."""

    id_prefix = "act"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class CorrectionForm(ActForm):
    """补正告知 (Art. 30): what to correct and by when; a second notice needs a new reason."""

    id_prefix = "correction"

    items = forms.CharField(
        label=_("需要补正的事项"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("应当一次性告知需要补正的全部事项。"),
    )
    correct_by = forms.DateField(label=_("补正期限"), widget=DATE_INPUT)
    second_reason = forms.CharField(
        label=_("再次告知的理由"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("补正应当一次性告知；再次告知须记录新的理由。"),
    )

    def __init__(self, *args, second: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not second:
            del self.fields["second_reason"]


class CorrectionReceivedForm(ActForm):
    id_prefix = "received"
    on = PastDateField(label=_("收到补正日期"), widget=DATE_INPUT)
    note = forms.CharField(label=_("备注"), max_length=500, required=False)


class ExtendForm(ActForm):
    """延期申请 (Art. 33): the days and the reason; the head of the disclosure office approves it in their own session."""

    id_prefix = "extend"
    days = forms.IntegerField(label=_("延长工作日"), min_value=1, max_value=365)
    reason = forms.CharField(label=_("延期理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, org: Org | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].help_text = _("最长不超过%(n)s个工作日。提交后由本机关审批人批准。") % {
            "n": law.limit(law.EXTENSION).days
        }


class DecisionForm(ActForm):
    """The approver's decision on an extension or a draft reply: approve (sign off) or refuse (return), with a reason."""

    id_prefix = "decision"
    decision = forms.ChoiceField(
        label=_("审批意见"), choices=[("approve", _("同意")), ("refuse", _("不同意"))], widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("理由"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("不同意的，须写明理由。"),
    )

    def __init__(self, *args, prefix_id: str = "decision", **kwargs):
        self.id_prefix = prefix_id
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("不同意的，须写明理由。"))
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (the Django documentation's pattern); each is checked by the action (inspect)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        one = super().clean
        if isinstance(data, (list, tuple)):
            return [one(d, initial) for d in data if d]
        return [one(data, initial)] if data else []


class ReplyForm(ActForm):
    """答复 (Art. 36): exactly one of the law's outcomes, the text, the date."""

    id_prefix = "reply"
    # No max_length: it would put a maxlength attribute on the <select>; outcome_key copes with any string.
    outcome = forms.CharField(label=_("答复类型"), widget=forms.Select)
    text = forms.CharField(label=_("答复内容和理由"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6}))
    on = PastDateField(label=_("答复日期"), widget=DATE_INPUT, not_after_message=_("答复日期不能晚于今天。"))
    # What some outcomes carry (Art. 36–37); which outcome needs which is checked by actions.reply.
    withheld = forms.CharField(
        label=_("不予公开的部分及理由"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("部分公开时填写，每行一项：部分｜理由"),
    )
    disclosed_document = forms.CharField(
        label=_("已主动公开的政府信息（索引号）"),
        max_length=40,
        required=False,
        help_text=_("所申请的信息已经主动公开的（第三十六条第一项），填写其索引号"),
    )
    referred_agency = forms.CharField(
        label=_("负责公开该信息的机关"),
        max_length=200,
        required=False,
        help_text=_("本机关不掌握相关政府信息、能够确定负责公开机关的，填写其名称"),
    )
    repeat_of = forms.CharField(
        label=_("重复的申请（申请编号）"),
        max_length=30,
        required=False,
        help_text=_("重复申请（不予处理 2）时填写此前已答复的申请编号"),
    )
    files = MultipleFileField(
        label=_("答复附件（提供的政府信息）"),
        required=False,
        help_text=_("可选择多个文件：PDF、Word、Excel 或图片；随答复告知书列明，申请人可在查询页面下载。"),
    )

    def __init__(self, *args, org: Org | None = None, draft: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.org = org
        self.fields["outcome"].widget.choices = outcome_choices()
        self.initial.setdefault("on", timezone.localdate())
        if draft:  # the reply is dated the day it is signed off
            del self.fields["on"]

    def clean_disclosed_document(self):
        from sunlight.disclosure.models import Document

        value = self.cleaned_data["disclosed_document"].strip()
        if not value:
            return None
        doc = Document.objects.filter(index_number=value).first()
        if doc is None:
            raise forms.ValidationError(_("找不到该索引号的政府信息。"))
        return doc

    def clean_repeat_of(self):
        value = self.cleaned_data["repeat_of"].strip()
        if not value:
            return None
        rows = InfoRequest.objects.filter(number=value)
        found = (rows.filter(org=self.org) if self.org is not None else rows).first()
        if found is None:
            raise forms.ValidationError(_("本机关没有该编号的申请。"))
        return found

    def details(self) -> dict:
        """The keyword arguments of actions.reply beyond the outcome, text and date."""
        parts = []
        for line in self.cleaned_data["withheld"].splitlines():
            if line.strip():
                part, _sep, reason = line.replace("|", "｜").partition("｜")
                parts.append({"part": part.strip(), "reason": reason.strip()})
        return {
            "withheld_parts": parts or None,
            "disclosed_document": self.cleaned_data["disclosed_document"],
            "referred_agency": self.cleaned_data["referred_agency"],
            "repeat_of": self.cleaned_data["repeat_of"],
        }

    def outcome_key(self) -> tuple[str, int | None]:
        """("withheld", 1) from "withheld:1"; anything unparsable becomes a category the law will refuse."""
        category, _sep, number = self.cleaned_data["outcome"].partition(":")
        if not number:
            return category, None
        parsed = ascii_int(number, max_digits=4)
        return category, -1 if parsed is None else parsed


class FeeNoticeForm(ActForm):
    """收费通知 (109号): one method; the amount is computed, never typed."""

    id_prefix = "fee"
    method = forms.ChoiceField(label=_("收费方式"), choices=fees.Method.choices, widget=forms.RadioSelect)
    pages = forms.IntegerField(
        label=_("计费页数"),
        min_value=1,
        max_value=10**6,
        required=False,
        help_text=_("按量计收时填写；按件计收不填。"),
    )
    on = PastDateField(label=_("收费通知日期"), widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("on", timezone.localdate())


class PaymentForm(ActForm):
    id_prefix = "payment"
    on = PastDateField(label=_("缴费日期"), widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("on", timezone.localdate())


class SplitForm(ActForm):
    """一事一申请: one line per unrelated matter; the first stays with this request."""

    id_prefix = "split"
    parts = forms.CharField(
        label=_("拆分后的申请内容"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一项；第一行保留为本申请的内容，其余每行另立一件申请，收到日期不变。"),
    )
    on = PastDateField(label=_("拆分日期"), widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("on", timezone.localdate())

    def part_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["parts"].splitlines() if line.strip()]
