"""The catalog's acts: one function per act, each atomic, permission-checked, writing its event."""

from .drafting import add_item, cancel_item, draft_change, merge_items, split_item, suspend_item, update_draft
from .feedback import handle_feedback, report_guide_error
from .imports import import_workbook
from .review import publish_version, return_version, submit_version
from .rules import EDITOR, REVIEWER, RuleViolation

__all__ = [
    "EDITOR",
    "REVIEWER",
    "RuleViolation",
    "add_item",
    "cancel_item",
    "draft_change",
    "handle_feedback",
    "import_workbook",
    "merge_items",
    "publish_version",
    "report_guide_error",
    "return_version",
    "split_item",
    "submit_version",
    "suspend_item",
    "update_draft",
]
