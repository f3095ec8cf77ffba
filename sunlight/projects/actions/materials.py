"""一张表单，一套材料: the stage's material list is the materials of its items' versions in force, merged by name
(the same 营业执照 asked by four departments is given once), each kept with the items that ask for it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sunlight.catalog.queries import version_in_force

from ..models import Stage, StageItem


@dataclass
class ListedMaterial:
    name: str
    required: bool
    positions: dict[int, int] = field(default_factory=dict)  # item id -> index in that version's list


def applicable_items(stage: Stage, project_type: str, optional: list[int] | None = None) -> list[StageItem]:
    """The stage's items this project runs: required ones, conditional ones for its type, and chosen optional ones."""
    chosen = set(optional or [])
    return [
        si
        for si in stage.items.select_related("item", "item__org").order_by("position", "pk")
        if si.required_for(project_type) or si.item_id in chosen
    ]


def combined_materials(items: list[StageItem], on: date) -> list[ListedMaterial]:
    merged: dict[str, ListedMaterial] = {}
    for si in items:
        version = version_in_force(si.item, on)
        for position, spec in enumerate((version.guide or {}).get("materials", []) if version else []):
            name = str(spec.get("name", "")).strip()
            if not name:
                continue
            listed = merged.setdefault(name, ListedMaterial(name=name[:200], required=False))
            listed.required = listed.required or bool(spec.get("required", True))
            listed.positions[si.item_id] = position
    return list(merged.values())
