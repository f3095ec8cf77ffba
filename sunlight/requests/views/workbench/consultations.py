"""Workbench acts of 征求意见 (Art. 32–34) and the Art. 35 deadline, on the request page.

Thin, like acts.py: the form, then the action in actions/consultation.py; a refusal re-renders the page
with its reason. The public-interest override is the head's decision, so it is checked against
APPROVER_ROLES instead of the handler's roles.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ... import actions
from ...forms.consultations import AnswerForm, ConsultForm, OverrideForm, ReasonableDeadlineForm
from ...roles import APPROVER_ROLES
from .acts import post_act
from .common import shown


@post_act("consult_form", lambda request, info_request: ConsultForm(request.POST))
def consult(request, info_request, form):
    d = form.cleaned_data
    c = actions.consult(
        info_request,
        by=request.user,
        kind=d["kind"],
        party=d["party"],
        matter=d["matter"],
        party_address=d["party_address"],
        on=d["on"],
    )
    return _("已发出征求意见函，意见期限 %(d)s；征求意见期间不计算在答复期限内。") % {
        "d": shown(c.due_on, c.due_on_estimated)
    }


@post_act("answer_form", lambda request, info_request: AnswerForm(request.POST, info_request=info_request))
def answer(request, info_request, form):
    d = form.cleaned_data
    c = actions.record_answer(d["consultation"], by=request.user, answer=d["answer"], text=d["text"], on=d["on"])
    return _("已记录意见：%(a)s。") % {"a": c.get_answer_display()}


@post_act("deadline_form", lambda request, info_request: ReasonableDeadlineForm(request.POST))
def reasonable_deadline(request, info_request, form):
    d = form.cleaned_data
    info_request = actions.set_reasonable_deadline(
        info_request, by=request.user, due_on=d["due_on"], reason=d["reason"], on=d["on"]
    )
    return _("已确定答复期限 %(d)s 并告知申请人。") % {"d": info_request.due_on.isoformat()}


@post_act(
    "override_form",
    lambda request, info_request: OverrideForm(request.POST, info_request=info_request),
    roles=APPROVER_ROLES,
    what="因公共利益决定公开",
)
def override(request, info_request, form):
    d = form.cleaned_data
    actions.override_objection(d["consultation"], by=request.user, reason=d["reason"], on=d["on"])
    return _("已决定因公共利益予以公开，并书面告知第三方。")
