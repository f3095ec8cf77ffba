"""The acts of parallel approval, one function each (docs/architecture.md, the action contract)."""

from .opinions import answer_opinion, ask_opinion, record_joint_review
from .projects import ProjectInput, install_preset, register_project, set_stage_item
from .stages import StageMaterialInput, accept_stage, deliver_late_case, deliver_stage, file_stage, refuse_stage

__all__ = [
    "ProjectInput",
    "StageMaterialInput",
    "accept_stage",
    "answer_opinion",
    "ask_opinion",
    "deliver_late_case",
    "deliver_stage",
    "file_stage",
    "install_preset",
    "record_joint_review",
    "refuse_stage",
    "register_project",
    "set_stage_item",
]
