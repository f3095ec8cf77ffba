"""Every form renders its fields and errors through the shared includes (sunlight/templates/includes/), so the
GOV.UK error pattern (summary, marked fields, messages above them) cannot be forgotten by a new template."""

from __future__ import annotations

import re
from pathlib import Path

import sunlight

ROOT = Path(sunlight.__file__).parent
INCLUDES = ROOT / "templates" / "includes"
# The public search box lays its filters out in one row of its own; its errors are still tied to the fields.
OWN_LAYOUT = {ROOT / "disclosure" / "templates" / "disclosure" / "public" / "search.html"}


def templates():
    return [p for p in ROOT.rglob("templates/**/*.html") if INCLUDES not in p.parents and p not in OWN_LAYOUT]


def test_no_template_renders_field_errors_itself():
    offenders = [
        str(p.relative_to(ROOT))
        for p in templates()
        if re.search(
            r"errorlist|field\.errors\s*%\}|form\.errors\s*%\}\s*<div|non_field_errors\s*%\}<div",
            p.read_text(encoding="utf-8"),
        )
    ]
    assert offenders == [], "render fields with includes/field.html or includes/form.html: " + ", ".join(offenders)


def test_the_old_per_app_field_include_is_gone():
    assert not (ROOT / "requests" / "templates" / "requests" / "public_field.html").exists()
    assert not any("public_field.html" in p.read_text(encoding="utf-8") for p in templates())
