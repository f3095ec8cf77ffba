"""Public forms of disclosure on request (依申请公开): the online application and the query-code lookup.

The forms only check what a person typed; the law's checks (who may handle a request, the description,
the receipt date) stay in actions.submit_online, whose SunlightError the view shows as a form error.
"""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from sunlight import idempotency
from sunlight.ints import ascii_int
from sunlight.orgs import tree
from sunlight.orgs.models import Org
from sunlight.validators import applicant_document_error

from .. import law
from ..models import ApplicantType, InfoRequest
from ..roles import HANDLING_KINDS

# Only people's governments and their departments handle requests (Art. 4; village committees are not
# administrative organs): the same rule actions.submit_online enforces.
NATURAL_PERSON = "natural_person"
_ID_CHARS_RE = re.compile(r"^[0-9A-Z\-]{4,30}$")

DESCRIPTION_REQUIRED = _("请描述所需政府信息（名称、文号或便于查询的特征）。")


def handling_orgs():
    """Active orgs that accept requests, in tree order (regions by code, then the org tree's path)."""
    return (
        Org.objects.filter(is_active=True, kind__in=HANDLING_KINDS)
        .select_related("region")
        .order_by("region__code", "path", "sort_order")
    )


def org_choices() -> list:
    """The agency select: one <optgroup> per region (云川市, 青溪区, …), its government first, then its departments,
    the groups in tree order (orgs.tree.ordered)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for org in tree.ordered(handling_orgs()):
        groups.setdefault(org.region.name, []).append((str(org.pk), org.name))
    return [("", _("请选择受理机关"))] + list(groups.items())


def applicant_type_choices() -> list[tuple[str, str]]:
    """The report's columns an applicant can be: 自然人 and the five kinds of 法人或其他组织 (a heading
    with kinds under it is not itself a choice). Labels carry both levels: 法人或其他组织 › 商业企业."""
    types = list(law.applicant_types())
    parents = {t.parent_id for t in types if t.parent_id}
    return [("", _("请选择申请人类型"))] + [(str(t.pk), str(t)) for t in types if t.pk not in parents]


def is_natural(kind: ApplicantType) -> bool:
    return kind.code == NATURAL_PERSON or bool(kind.parent_id and kind.parent.code == NATURAL_PERSON)


def _compact(value: str) -> str:
    return re.sub(r"[\s\u3000]+", "", unicodedata.normalize("NFKC", value or "")).upper()


class RequestForm(forms.Form):
    """政府信息公开申请表 (Art. 29): who asks, how to reach them, what they want and how they want it."""

    org = forms.CharField(label=_("受理机关"), widget=forms.Select, error_messages={"required": _("请选择受理机关。")})
    applicant_type = forms.CharField(
        label=_("申请人类型"), widget=forms.Select, error_messages={"required": _("请选择申请人类型。")}
    )
    applicant_name = forms.CharField(
        label=_("姓名或名称"), max_length=200, error_messages={"required": _("请填写申请人姓名或名称。")}
    )
    id_number = forms.CharField(
        label=_("证件号码"),
        max_length=40,
        help_text=_("自然人填写身份证件号码；法人或其他组织填写统一社会信用代码。"),
        error_messages={"required": _("请填写证件号码或统一社会信用代码。")},
    )
    phone = forms.CharField(label=_("联系电话"), max_length=30, error_messages={"required": _("请填写联系电话。")})
    email = forms.EmailField(
        label=_("电子邮箱"), max_length=200, required=False, error_messages={"invalid": _("请填写有效的电子邮箱地址。")}
    )
    address = forms.CharField(label=_("通信地址"), max_length=300, required=False)
    description = forms.CharField(
        label=_("所需政府信息的名称、文号或便于查询的其他特征性描述"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": DESCRIPTION_REQUIRED, "max_length": _("描述不能超过 4000 字。")},
    )
    format = forms.ChoiceField(
        label=_("获取信息的载体形式"),
        choices=InfoRequest.Format.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择载体形式。")},
    )
    delivery = forms.ChoiceField(
        label=_("获取信息的方式"),
        choices=InfoRequest.Delivery.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择获取方式。")},
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].widget.choices = org_choices()
        self.fields["applicant_type"].widget.choices = applicant_type_choices()
        self.fields["id_number"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["address"].widget.attrs.update(autocomplete="street-address")
        self.fields["applicant_name"].widget.attrs.update(autocomplete="name")
        if user is not None and user.is_authenticated and not self.is_bound:
            # A public account already knows who it is; staff accounts fill the form in like anyone else.
            self.initial.setdefault("applicant_name", user.display_name)
            self.initial.setdefault("phone", getattr(user, "phone", ""))
            if getattr(user, "credit_code", ""):
                self.initial.setdefault("id_number", user.credit_code)
            if getattr(user, "kind", "") == "citizen":
                person = ApplicantType.objects.filter(code=NATURAL_PERSON).first()
                if person is not None:
                    self.initial.setdefault("applicant_type", str(person.pk))

    def clean_org(self) -> Org:
        value = self.cleaned_data["org"]
        pk = ascii_int(value)
        org = Org.objects.filter(pk=pk, is_active=True).first() if pk else None
        if org is None:
            raise forms.ValidationError(_("所选受理机关不存在，请重新选择。"))
        if org.kind not in HANDLING_KINDS:
            raise forms.ValidationError(_("该机构不受理政府信息公开申请，请选择人民政府或其工作部门。"))
        return org

    def clean_applicant_type(self) -> ApplicantType:
        value = self.cleaned_data["applicant_type"]
        allowed = {pk for pk, _label in applicant_type_choices() if pk}
        if value not in allowed:
            raise forms.ValidationError(_("请选择申请人类型。"))
        return ApplicantType.objects.select_related("parent").get(pk=int(value))

    def clean_id_number(self) -> str:
        value = _compact(self.cleaned_data["id_number"])
        if not _ID_CHARS_RE.match(value):
            raise forms.ValidationError(_("证件号码只能包含数字、字母和连字符。"))
        return value

    def clean_phone(self) -> str:
        value = unicodedata.normalize("NFKC", self.cleaned_data["phone"]).strip()
        if sum(ch.isdigit() for ch in value) < 7 or re.search(r"[^\d\s+\-()（）转]", value):
            raise forms.ValidationError(_("请填写有效的联系电话。"))
        return value

    def clean(self):
        data = super().clean()
        kind = data.get("applicant_type")
        number = data.get("id_number")
        if kind is not None and number and (error := applicant_document_error(number, natural=is_natural(kind))):
            self.add_error("id_number", error)
        delivery = data.get("delivery")
        if delivery == InfoRequest.Delivery.EMAIL and not data.get("email"):
            self.add_error("email", _("选择电子邮件获取的，请填写电子邮箱。"))
        if delivery == InfoRequest.Delivery.POST and not data.get("address"):
            self.add_error("address", _("选择邮寄的，请填写通信地址。"))
        return data


class TrackForm(forms.Form):
    """查询码: the only thing an applicant without an account has. Checked in the view, not here, so a code of
    the wrong shape and a well-formed wrong code get the same answer."""

    code = forms.CharField(
        label=_("查询码"),
        max_length=64,
        strip=True,
        help_text=_("提交申请时显示的 16 位查询码，如 K7PX-3QMH-9TRA-W4NE；大小写和分隔符均可。"),
        error_messages={"required": _("请输入查询码。")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )


class CorrectionTextForm(forms.Form):
    """补正: the applicant's corrected request, on the status page (the action checks the rest: state, deadline)."""

    text = forms.CharField(
        label=_("补正后的申请内容"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("请填写补正后的申请内容。"), "max_length": _("补正内容不超过4000字。")},
    )
    # A one-time key made when the form is rendered: a second POST with it sends nothing (see sunlight.idempotency).
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=128)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", idempotency.new_key())

    def clean_submission_key(self) -> str:
        key = self.cleaned_data["submission_key"]
        return key if idempotency.is_valid_key(key) else ""
