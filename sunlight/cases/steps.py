"""The steps a case runs through after acceptance, read from its item version's process (办理流程).

The version names each step and who acts in words (受理窗口, 审批科, 分管负责人); a case needs a role. The words
are read by the table below: acceptance and delivery are acts of their own (not steps); a step that decides is
the approver's; a step that reviews is the reviewer's; anything else is the handler's (承办). A process without
a deciding step gets one (批准, 0 days), so every case ends with an approver's decision.
"""

from __future__ import annotations

from dataclasses import dataclass

from sunlight.orgs.models import Role

SKIPPED = ("受理", "送达", "出件", "领证", "办结", "发证")
ROLE_WORDS = (
    (("批准", "决定", "审批", "签发", "核准"), Role.APPROVER),
    (("审核", "复核", "核查"), Role.REVIEWER),
)


@dataclass(frozen=True)
class PlannedStep:
    name: str
    role: str
    days: int
    org_id: int | None = None  # None: the deciding org's own step; the lower level's 初审 names that level


def role_for(name: str) -> str:
    for words, role in ROLE_WORDS:
        if any(w in name for w in words):
            return role
    return Role.HANDLER


def plan(version) -> list[PlannedStep]:
    planned = []
    for step in (version.guide or {}).get("steps", []):
        name = str(step.get("name", "")).strip()
        if not name or any(w in name for w in SKIPPED):
            continue
        planned.append(PlannedStep(name[:100], role_for(name), int(step.get("days") or 0)))
    if not any(p.role == Role.HANDLER for p in planned):
        planned.insert(0, PlannedStep("承办", Role.HANDLER, 0))
    if not planned or planned[-1].role != Role.APPROVER:
        planned = [p for p in planned if p.role != Role.APPROVER] + [PlannedStep("批准", Role.APPROVER, 0)]
    return planned
