"""The acts on a letter, one function each (docs/architecture.md, the action contract)."""

from .groups import assign_group, group_letters, reply_group
from .loop import (
    accept_letter,
    assign_letter,
    extend_letter,
    follow_up_letter,
    refuse_letter,
    reply_letter,
    return_letter,
    take_letter,
    urge_letter,
)
from .publish import publish_letter, unpublish_letter
from .write import write_letter
from .writer import is_writer, rate_letter, reopen_letter

__all__ = [
    "accept_letter",
    "assign_group",
    "assign_letter",
    "extend_letter",
    "follow_up_letter",
    "group_letters",
    "is_writer",
    "publish_letter",
    "rate_letter",
    "refuse_letter",
    "reopen_letter",
    "reply_group",
    "reply_letter",
    "return_letter",
    "take_letter",
    "unpublish_letter",
    "urge_letter",
    "write_letter",
]
