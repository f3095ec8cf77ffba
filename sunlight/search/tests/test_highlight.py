"""Snippets and marked titles are built from stored text, escaped, with <mark> around terms."""

from __future__ import annotations

from sunlight.search.highlight import mark, snippet


def test_terms_are_marked_and_everything_else_is_escaped():
    assert mark("<b>政府</b>信息", ["政府"]) == "&lt;b&gt;<mark>政府</mark>&lt;/b&gt;信息"


def test_the_longest_term_is_marked_whole():
    assert mark("政府信息公开", ["政府", "政府信息公开"]) == "<mark>政府信息公开</mark>"


def test_the_snippet_comes_from_the_place_with_the_most_terms():
    body = "无关内容。" * 100 + "这里讲义务教育的招生入学政策。" + "无关内容。" * 100
    html = snippet(["", body], ["义务教育", "招生入学"])
    assert "<mark>义务教育</mark>" in html and "<mark>招生入学</mark>" in html
    assert html.startswith("…") and html.endswith("…")
    assert len(html.replace("<mark>", "").replace("</mark>", "")) <= 122


def test_without_hits_the_snippet_is_the_start_of_the_text():
    assert snippet(["摘要文字", "正文"], ["不存在"]) == "摘要文字"
