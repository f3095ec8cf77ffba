from .alerts import appeal_alert, close_alert, correct_alert, decide_appeal
from .report import generate_supervision_report
from .rule_versions import revise_rule
from .urge import answer_urge_order, close_urge_order, escalate_urge_order, issue_urge_order

__all__ = [
    "answer_urge_order",
    "appeal_alert",
    "close_alert",
    "close_urge_order",
    "correct_alert",
    "decide_appeal",
    "escalate_urge_order",
    "generate_supervision_report",
    "issue_urge_order",
    "revise_rule",
]
