"""Every consistency rule has an id, a message and an example that breaks it: the example is its test."""

from __future__ import annotations

import copy

import pytest

from sunlight.catalog.elements import VersionData
from sunlight.catalog.rules import RULES, Context, Subject, broken
from sunlight.catalog.tests.builders import FOOD_LAW, VALID


def ctx() -> Context:
    return Context(
        laws={FOOD_LAW: (154, None)},
        org_within={1: frozenset({1, 2})},
        basic={"XK00001000": VersionData.model_validate(VALID).base()},
        names={(1, "__taken__"): {99}},
    )


def subject(raw: dict) -> Subject:
    return Subject(data=VersionData.model_validate(raw), org_id=1, basic_code="XK00001000", item_id=7)


def patched(patch: dict) -> dict:
    raw = copy.deepcopy(VALID)
    for key, value in patch.items():
        if key == "guide":
            raw["guide"].update(value)
        else:
            raw[key] = value
    return raw


def test_the_valid_version_breaks_no_rule():
    assert broken(subject(VALID), ctx()) == []


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_each_rule_catches_its_example(rule):
    found = [r.id for r in broken(subject(patched(rule.example)), ctx())]
    assert rule.id in found


def test_rule_ids_are_unique_and_every_rule_has_a_message():
    assert len({r.id for r in RULES}) == len(RULES)
    assert all(str(r.message).endswith("。") for r in RULES)


def test_limits_in_different_units_compare_in_natural_days():
    raw = patched({"statutory_limit": 20, "statutory_unit": "days", "promised_limit": 15, "promised_unit": "workdays"})
    assert "limit.promised_within_statutory" in [r.id for r in broken(subject(raw), ctx())]


def test_a_repealed_law_does_not_resolve():
    from datetime import date

    context = ctx()
    context.laws[FOOD_LAW] = (154, date(2020, 1, 1))
    context.today = date(2026, 1, 1)
    assert "basis.resolves" in [r.id for r in broken(subject(VALID), context)]
