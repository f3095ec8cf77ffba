"""权力运行流程图: an accessible SVG drawn from a version's steps, never by hand.

start → one box per step (name, actor, time) → end, top to bottom, with arrows. The SVG carries role="img",
a <title> and a <desc> (tied by aria-labelledby) and uses presentation attributes only: the page's
Content-Security-Policy forbids style attributes. Every text is escaped (step names come from editors).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.translation import gettext as _

from .elements import Step

WIDTH = 340
BOX_X, BOX_W = 16, 308
PAD = 12  # inside a box, left and right
FONT = 15  # px; a CJK character is one em wide
LINE = 22  # line height
GAP = 34  # the arrow between two shapes
TERMINAL_H = 40
INK, LINE_COLOUR, FILL = "#1f1f1f", "#555555", "#f5f3ef"


def _width(ch: str) -> float:
    """Width of one character in ems: CJK and full-width ones are 1, ASCII about half."""
    return 0.55 if ord(ch) < 0x2E80 else 1.0


def wrap(text: str, width_px: float, font: int = FONT) -> list[str]:
    """Lines of `text` that each fit `width_px` (CJK breaks anywhere; no word needs keeping whole here)."""
    limit = width_px / font
    lines, line, used = [], "", 0.0
    for ch in " ".join(text.split()):
        w = _width(ch)
        if used + w > limit and line:
            lines.append(line.rstrip())
            line, used = ("", 0.0) if ch == " " else (ch, w)
            continue
        line += ch
        used += w
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def days_text(days: float, unit: str) -> str:
    if days == 0:
        return _("当日办结")
    n = int(days) if float(days).is_integer() else days
    return f"{n} {unit}"


def _text(x: float, y: float, text: str, *, bold: bool = False, anchor: str = "start") -> str:
    weight = ' font-weight="bold"' if bold else ""
    return f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}"{weight}>{escape(text)}</text>'


def _arrow(y1: float, y2: float, prefix: str) -> str:
    x = WIDTH / 2
    return (
        f'<line x1="{x:g}" y1="{y1:g}" x2="{x:g}" y2="{y2 - 2:g}" stroke="{LINE_COLOUR}" stroke-width="2" '
        f'marker-end="url(#{prefix}-arrow)"/>'
    )


def _terminal(y: float, label: str) -> str:
    return (
        f'<rect x="{WIDTH / 2 - 70:g}" y="{y:g}" width="140" height="{TERMINAL_H}" rx="20" ry="20" '
        f'fill="#ffffff" stroke="{INK}" stroke-width="2"/>'
        + _text(WIDTH / 2, y + TERMINAL_H / 2 + FONT / 3, label, bold=True, anchor="middle")
    )


def _box(y: float, number: int, step: Step, unit: str) -> tuple[str, float]:
    inner = BOX_W - 2 * PAD
    lines = [(line, True) for line in wrap(f"{number}. {step.name}", inner)]
    lines += [(line, False) for line in wrap(_("办理：%(actor)s") % {"actor": step.actor}, inner)]
    lines += [(line, False) for line in wrap(_("时限：%(time)s") % {"time": days_text(step.days, unit)}, inner)]
    height = len(lines) * LINE + 2 * PAD - (LINE - FONT)
    parts = [
        f'<rect x="{BOX_X}" y="{y:g}" width="{BOX_W}" height="{height:g}" rx="4" ry="4" '
        f'fill="{FILL}" stroke="{INK}" stroke-width="1.5"/>'
    ]
    for i, (line, bold) in enumerate(lines):
        parts.append(_text(BOX_X + PAD, y + PAD + FONT + i * LINE - 3, line, bold=bold))
    return "".join(parts), height


def describe(steps: Sequence[Step], unit: str) -> str:
    """The chart in words (its <desc>): every step in order with its actor and time."""
    if not steps:
        return _("该事项尚未列出办理环节。")
    parts = [
        _("第%(n)s步 %(name)s，由%(actor)s办理，%(time)s")
        % {"n": i, "name": s.name, "actor": s.actor, "time": days_text(s.days, unit)}
        for i, s in enumerate(steps, 1)
    ]
    return _("从开始到结束共%(n)s个环节：") % {"n": len(steps)} + "；".join(parts) + "。"


def render(steps: Sequence[Step], title: str, *, unit: str = "", prefix: str = "flow") -> str:
    """The flow chart of `steps` as one <svg> element. `unit`: the unit of step times (工作日 by default);
    `prefix`: the ids inside it, unique on the page that inlines it."""
    unit = unit or _("工作日")
    p = escape(prefix, quote=True)
    body: list[str] = []
    y = 10.0
    body.append(_terminal(y, _("开始")))
    y += TERMINAL_H
    for number, step in enumerate(steps, 1):
        body.append(_arrow(y, y + GAP, p))
        y += GAP
        shape, height = _box(y, number, step, unit)
        body.append(shape)
        y += height
    body.append(_arrow(y, y + GAP, p))
    y += GAP
    body.append(_terminal(y, _("结束")))
    height = y + TERMINAL_H + 10
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="flowchart" role="img" '
        f'aria-labelledby="{p}-title {p}-desc" viewBox="0 0 {WIDTH} {height:g}" width="{WIDTH}" '
        f'height="{height:g}" font-family="sans-serif" font-size="{FONT}" fill="{INK}">'
        f'<title id="{p}-title">{escape(title)}</title>'
        f'<desc id="{p}-desc">{escape(describe(steps, unit))}</desc>'
        f'<defs><marker id="{p}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" '
        f'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{LINE_COLOUR}"/></marker></defs>'
    )
    return head + "".join(body) + "</svg>"
