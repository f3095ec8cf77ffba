"""The Chinese UI is Chinese only: refusals and messages go through gettext (Chinese msgids, English in the
catalog), never as "中文 / English" strings; the API negotiates the language from Accept-Language."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import sunlight

ROOT = Path(sunlight.__file__).parent
BILINGUAL = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef”）][^\n]*? / [A-Za-z(]")
# Texts for developers and operators, not for the people using the UI: API docs, command-line help and output.
NOT_UI_KEYWORDS = {"summary", "description", "help"}
NOT_UI_FOLDERS = ("tests", "migrations", "management", "demo")


def _ui_strings(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        parent = parents.get(node)
        if isinstance(parent, ast.JoinedStr):
            parent = parents.get(parent)
        if isinstance(parent, ast.Expr):
            continue  # a docstring
        if isinstance(parent, ast.keyword) and parent.arg in NOT_UI_KEYWORDS:
            continue
        if isinstance(parent, ast.Call) and getattr(parent.func, "attr", "") in {"write", "say"}:
            continue
        yield node.lineno, node.value


def test_no_user_facing_string_in_the_code_is_written_in_two_languages_at_once():
    offenders = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if any(part in NOT_UI_FOLDERS for part in relative.parts) or relative.name == "cli.py":
            continue
        for line, text in _ui_strings(path):
            if BILINGUAL.search(text):
                offenders.append(f"{relative}:{line}: {text[:60]}")
    assert offenders == []


def test_no_template_shows_a_raw_event_verb_or_a_two_language_string():
    offenders = []
    for path in ROOT.rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        if "e.verb }}" in text or "event.verb }}" in text:
            offenders.append(f"{path.relative_to(ROOT)}: raw verb")
    assert offenders == []


def test_a_refusal_reads_in_chinese_and_in_english_from_the_same_act():
    from django.utils import translation

    from sunlight.errors import SunlightError
    from sunlight.requests.fees import fee_for

    with pytest.raises(SunlightError) as chinese:
        fee_for("per_page", pages=0)
    with translation.override("en"), pytest.raises(SunlightError) as english:
        fee_for("per_page", pages=0)
    assert "必须大于零" in chinese.value.message and " / " not in chinese.value.message
    assert "must be at least 1" in english.value.message and "必须" not in english.value.message


def test_the_api_answers_in_the_language_the_client_asks_for(client, db):
    chinese = client.get("/api/v1/calendar/deadline", {"start": "2026-03-02", "working_days": "99999"})
    english = client.get(
        "/api/v1/calendar/deadline", {"start": "2026-03-02", "working_days": "99999"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert chinese.status_code == english.status_code == 400
    assert "working_days 须在" in chinese.json()["message"] and " / " not in chinese.json()["message"]
    assert english.json()["message"].startswith("working_days must be between")
