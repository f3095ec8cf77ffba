"""Segmentation: the government dictionary, search mode on the index side, normalisation."""

from __future__ import annotations

import threading

from sunlight.search import segment
from sunlight.search.segment import index_tokens, query_terms, term_parts


def test_the_government_dictionary_keeps_its_terms_whole():
    assert "依申请公开" in query_terms("关于依申请公开政府信息的答复")
    assert "统一社会信用代码" in query_terms("请填写统一社会信用代码")
    assert "市场监督管理局" in query_terms("青溪区市场监督管理局")
    assert "依申请公开" in index_tokens("依申请公开工作")


def test_search_mode_also_yields_the_parts_of_a_long_word():
    tokens = index_tokens("云川市人民政府")
    assert {"人民政府", "人民", "政府"} <= set(tokens)


def test_a_long_dictionary_term_also_yields_the_words_inside_it():
    assert "人力资源" in index_tokens("云川市人力资源和社会保障局")


def test_latin_is_lowercased_and_full_width_is_folded():
    assert query_terms("ＰＤＦ COVID") == ["pdf", "covid"]


def test_punctuation_whitespace_and_stopwords_are_dropped():
    assert query_terms("，。！？ 的 了 和 与 及 等") == []
    assert index_tokens("政府的工作、和 公开！") == ["政府", "工作", "公开"]


def test_single_character_words_from_segmentation_are_kept():
    assert "区" in index_tokens("青溪区")


def test_a_long_query_term_is_covered_by_shorter_words():
    assert term_parts("人力资源") == ["人力", "资源"]
    assert term_parts("中华人民共和国") == ["中华", "人民", "共和国"]
    assert term_parts("政府") == []


def test_the_segmenter_is_loaded_once_even_when_threads_race(monkeypatch):
    monkeypatch.setattr(segment, "_jieba", None)
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(segment._load())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(j) for j in seen}) == 1
