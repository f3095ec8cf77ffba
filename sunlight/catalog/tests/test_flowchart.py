"""The 权力运行流程图 is drawn from the steps: well-formed, accessible, escaped, wrapped to its boxes."""

from __future__ import annotations

from xml.etree import ElementTree

from sunlight.catalog import flowchart
from sunlight.catalog.elements import Step

SVG = "{http://www.w3.org/2000/svg}"


def _steps(*names: str) -> list[Step]:
    return [Step(name=n, actor="政务服务中心窗口", days=i) for i, n in enumerate(names)]


def test_the_chart_is_well_formed_svg_with_role_title_and_description():
    root = ElementTree.fromstring(flowchart.render(_steps("受理", "审查", "决定"), "食品经营许可 流程图"))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "食品经营许可 流程图"
    assert "共3个环节" in desc.text and "第2步 审查" in desc.text


def test_start_each_step_and_end_are_drawn_in_order_with_an_arrow_between_each():
    root = ElementTree.fromstring(flowchart.render(_steps("受理", "审查"), "图"))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts[0] == "开始" and texts[-1] == "结束"
    assert texts.index("1. 受理") < texts.index("2. 审查")
    assert "时限：当日办结" in texts and "时限：1 工作日" in texts
    assert len(list(root.iter(f"{SVG}line"))) == 3  # start→1, 1→2, 2→end
    assert len(list(root.iter(f"{SVG}rect"))) == 4


def test_text_is_escaped_so_a_step_cannot_inject_markup():
    steps = [Step(name="<script>alert(1)</script>", actor='"><img src=x onerror=alert(1)>', days=1)]
    svg = flowchart.render(steps, "</title><script>alert(2)</script>")
    assert "<script" not in svg and "<img" not in svg
    root = ElementTree.fromstring(svg)
    assert root.find(f"{SVG}title").text == "</title><script>alert(2)</script>"
    assert not list(root.iter(f"{SVG}script"))


def test_no_style_attributes_only_presentation_attributes():
    svg = flowchart.render(_steps("受理"), "图")
    assert "style=" not in svg and "<style" not in svg


def test_long_chinese_text_is_wrapped_to_the_box_width():
    name = "对申请材料进行实质审查并组织现场核查以及专家评审论证" * 2
    root = ElementTree.fromstring(flowchart.render(_steps(name), "图"))
    lines = [
        t.text for t in root.iter(f"{SVG}text") if t.get("font-weight") == "bold" and t.text not in ("开始", "结束")
    ]
    assert len(lines) >= 3 and "".join(lines) == f"1. {name}"
    inner = flowchart.BOX_W - 2 * flowchart.PAD
    assert all(sum(flowchart._width(c) for c in line) * flowchart.FONT <= inner for line in lines)


def test_a_version_without_steps_still_draws_start_and_end_and_says_so():
    root = ElementTree.fromstring(flowchart.render([], "图"))
    assert [t.text for t in root.iter(f"{SVG}text")] == ["开始", "结束"]
    assert "尚未列出办理环节" in root.find(f"{SVG}desc").text
