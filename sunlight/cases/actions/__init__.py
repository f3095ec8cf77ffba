"""The statutory acts of a case, one function each (docs/architecture.md, the action contract)."""

from .acceptance import (
    accept_case,
    accept_overdue_cases,
    handle_on_the_spot,
    prereview_case,
    refuse_case,
    request_correction,
)
from .fees import record_fee
from .handling import (
    DELIVERY_METHODS,
    complete_step,
    decide_case,
    deliver_result,
    extend_case,
    resume_case,
    start_special_procedure,
    suspend_case,
)
from .intake import (
    Applicant,
    MaterialInput,
    Submission,
    receive_from_platform,
    register_at_window,
    save_draft,
    submit_correction,
    submit_online,
    withdraw_case,
)
from .joint import open_joint_case
from .levels import register_for_upper_level, transfer_case

__all__ = [
    "record_fee",
    "DELIVERY_METHODS",
    "Applicant",
    "MaterialInput",
    "Submission",
    "accept_case",
    "accept_overdue_cases",
    "complete_step",
    "decide_case",
    "deliver_result",
    "extend_case",
    "handle_on_the_spot",
    "open_joint_case",
    "prereview_case",
    "receive_from_platform",
    "refuse_case",
    "register_at_window",
    "register_for_upper_level",
    "request_correction",
    "resume_case",
    "save_draft",
    "start_special_procedure",
    "submit_correction",
    "submit_online",
    "suspend_case",
    "transfer_case",
    "withdraw_case",
]
