"""The statutory acts of a request (依申请公开), one function each, one module per group of acts.

Every act is atomic, checks who may do it (rules.py: the preconditions the acts share), validates against the
law tables (law.py), moves the clock (sunlight.clock.Clock, stored as its events on the request) and writes one
event. Views, the API, imports and the demo call these; nothing else changes a request's statutory state.
Facts: shared/reference/disclosure-law.md (Art. 30–36).

    actions.request_correction(info_request, by=user, items="…", correct_by=day)
"""

from ..roles import APPROVER_ROLES, HANDLER_ROLES, HANDLING_KINDS
from .appeals import decide_appeal, record_appeal
from .common import close_as_lapsed, each_in_own_transaction
from .consultation import consult, lapse_consultations, override_objection, record_answer, set_reasonable_deadline
from .correction import (
    lapse_corrections,
    receive_correction,
    request_correction,
    submit_correction,
    submit_correction_once,
)
from .deadlines import on_official_notice, recompute_deadlines, refresh_deadlines
from .extension import approve_extension, extend, extension_key, refuse_extension, request_extension
from .fees import issue_fee_notice, lapse_unpaid_fees, nth_in_month, record_payment
from .intake import (
    ONLINE_SCOPE,
    Applicant,
    OnlineSubmission,
    register,
    register_once,
    reveal_personal_data,
    split_request,
    submit_online,
    submit_online_once,
)
from .popular import propose_for_disclosure
from .reply import (
    add_reply_attachment,
    draft_key,
    draft_reply,
    remove_reply_attachment,
    reply,
    return_reply,
    sign_off_reply,
    signoff_required,
)
from .rules import clock_of

__all__ = [
    "APPROVER_ROLES",
    "HANDLER_ROLES",
    "HANDLING_KINDS",
    "ONLINE_SCOPE",
    "Applicant",
    "OnlineSubmission",
    "add_reply_attachment",
    "approve_extension",
    "clock_of",
    "close_as_lapsed",
    "consult",
    "decide_appeal",
    "draft_key",
    "draft_reply",
    "each_in_own_transaction",
    "extend",
    "extension_key",
    "issue_fee_notice",
    "lapse_consultations",
    "lapse_corrections",
    "lapse_unpaid_fees",
    "nth_in_month",
    "on_official_notice",
    "propose_for_disclosure",
    "override_objection",
    "receive_correction",
    "recompute_deadlines",
    "record_answer",
    "record_appeal",
    "record_payment",
    "refresh_deadlines",
    "refuse_extension",
    "register",
    "register_once",
    "remove_reply_attachment",
    "reply",
    "request_correction",
    "request_extension",
    "return_reply",
    "reveal_personal_data",
    "set_reasonable_deadline",
    "sign_off_reply",
    "signoff_required",
    "split_request",
    "submit_correction",
    "submit_correction_once",
    "submit_online",
    "submit_online_once",
]
