"""Every event verb the code records reads as words on a timeline."""

from __future__ import annotations

import re
from pathlib import Path

from sunlight.events.models import Event
from sunlight.events.verbs import label
from sunlight.modules import verb_labels, verb_prefixes

ROOT = Path(__file__).resolve().parents[2]  # the sunlight package
# record("verb", ...), record(\n "verb", ...), {"verb": "verb", ...} in bulk appends, and the review's f-string.
VERB_RE = re.compile(r"""(?:record\(\s*|["']verb["']:\s*)["']([a-z_]+(?:\.[a-z_]+)+)["']""")


def _recorded_verbs() -> set[str]:
    verbs = set()
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        verbs |= set(VERB_RE.findall(path.read_text(encoding="utf-8")))
    return verbs


def test_every_verb_recorded_in_the_code_has_a_label():
    verbs = _recorded_verbs()
    assert {"requests.reply", "disclosure.publish", "security.login", "calendar.set_workday"} <= verbs  # the scan works
    labels = verb_labels()
    assert sorted(v for v in verbs if v not in labels) == []


def test_admin_edits_and_review_conclusions_are_labelled_from_their_parts():
    from django.utils import translation

    with translation.override("en"):
        assert label("orgs.org.update").count(" ") >= 1  # two words in English
    with translation.override("zh-hans"):
        assert label("orgs.org.update") == "修改机构" and label("requests.statutory_limit.delete") == "删除法定时限"
        assert label("disclosure.review.approved") == "保密审查：同意公开"
    assert set(verb_prefixes()) >= {"orgs.org", "requests.outcome", "disclosure.genre"}
    assert label("something.unknown") == "something.unknown"


def test_the_timeline_shows_the_act_in_words(db):
    from django.utils import translation

    from sunlight.events.log import record

    event = record("requests.correction_notice", data={"reason": "材料不全"})
    with translation.override("zh-hans"):
        assert isinstance(event, Event) and event.verb_label == "补正告知"
