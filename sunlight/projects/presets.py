"""The stages that ship: the national four (国办发〔2019〕11号, whole approval ≤ 120 working days) and 新余's five
(立项 · 用地 · 规划报建 · 施工许可 · 竣工验收, 36 working days end to end). Limits are working days and are
the city's to change; the lead department is found among the city's departments by the words of its name."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class StagePreset:
    name: str
    kind: str  # Stage.Kind
    limit_days: int
    lead_words: str  # a word of the lead department's name (发展和改革, 自然资源, 住房和城乡建设)


@dataclass(frozen=True)
class PathwayPreset:
    key: str
    name: object  # a lazy translation
    target_days: int
    stages: tuple[StagePreset, ...]


PRESETS: dict[str, PathwayPreset] = {
    p.key: p
    for p in (
        PathwayPreset(
            "national4",
            _("国家四阶段（国办发〔2019〕11号）"),
            120,
            (
                StagePreset("立项用地规划许可", "parallel", 30, "自然资源"),
                StagePreset("工程建设许可", "joint_review", 30, "自然资源"),
                StagePreset("施工许可", "parallel", 20, "住房和城乡建设"),
                StagePreset("竣工验收", "joint_acceptance", 20, "住房和城乡建设"),
            ),
        ),
        PathwayPreset(
            "xinyu5",
            _("新余五阶段"),
            36,
            (
                StagePreset("立项", "parallel", 5, "发展和改革"),
                StagePreset("用地", "parallel", 8, "自然资源"),
                StagePreset("规划报建", "joint_review", 10, "自然资源"),
                StagePreset("施工许可", "parallel", 7, "住房和城乡建设"),
                StagePreset("竣工验收", "joint_acceptance", 6, "住房和城乡建设"),
            ),
        ),
    )
}

# The seeds' reference lines on the city's distribution (working days): 新余 before and after, the national target.
BASELINE_BEFORE = 135
BASELINE_AFTER = 36
NATIONAL_TARGET = 120
