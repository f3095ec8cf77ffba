"""Synonyms and abbreviations at query time (issue 9, item 14), on whichever database the suite runs on."""

from __future__ import annotations

import pytest

from sunlight.search import synonyms
from sunlight.search.models import Synonym
from sunlight.search.service import SearchQuery, index, search

from .conftest import WEST

pytestmark = pytest.mark.django_db


def ids(results) -> list[int]:
    return sorted(h.object_id for h in results.hits)


def find(text: str, **kw):
    return search(SearchQuery(text=text, **kw))


def test_the_common_abbreviations_are_seeded():
    table = dict(Synonym.objects.values_list("term", "expansions"))
    assert table["低保"] == "最低生活保障" and table["公积金"] == "住房公积金" and "医疗保障" in table["医保"]
    assert {"社保", "营商", "一网通办", "放管服"} <= set(table)


def test_an_abbreviation_finds_documents_that_use_the_full_name(make_entry):
    full = make_entry("关于调整城乡最低生活保障标准的通知")
    short = make_entry("低保对象名单公示")
    other = make_entry("关于做好义务教育招生工作的通知")
    for e in (full, short, other):
        index(e)
    results = find("低保")
    assert ids(results) == sorted([full.object_id, short.object_id])
    assert results.expansions == [("低保", ["最低生活保障"])]
    assert "<mark>最低生活保障</mark>" in next(h for h in results.hits if h.object_id == full.object_id).title_html


def test_the_full_name_finds_the_abbreviation_too(make_entry):
    short = make_entry("2025年住房公积金缴存比例调整", summary="")
    abbreviated = make_entry("公积金贷款额度提高")
    for e in (short, abbreviated):
        index(e)
    assert ids(find("住房公积金")) == sorted([short.object_id, abbreviated.object_id])


def test_one_abbreviation_with_two_meanings_finds_both(make_entry):
    security = make_entry("医疗保障局关于异地就医的通知")
    insurance = make_entry("城乡居民基本医疗保险参保缴费", body="")
    for e in (security, insurance):
        index(e)
    assert ids(find("医保")) == sorted([security.object_id, insurance.object_id])


def test_other_query_words_must_still_match(make_entry):
    standard = make_entry("城乡最低生活保障标准调整")
    other = make_entry("最低生活保障资金发放情况")
    for e in (standard, other):
        index(e)
    assert ids(find("低保 标准")) == [standard.object_id]


def test_an_abbreviation_inside_a_longer_query_word_is_expanded(make_entry):
    e = make_entry("调整城乡最低生活保障标准")
    index(e)
    assert ids(find("城乡低保")) == [e.object_id]


def test_filters_still_apply_to_the_expanded_query(make_entry):
    east = make_entry("最低生活保障标准")
    west = make_entry("最低生活保障资金", org_path=WEST)
    for e in (east, west):
        index(e)
    assert ids(find("低保", org_path=WEST)) == [west.object_id]


def test_an_edit_in_the_table_applies_to_the_next_search_without_reindexing(make_entry):
    e = make_entry("关于推进政务服务“一窗受理”的通知")
    index(e)
    assert find("综窗").total == 0
    Synonym.objects.create(term="综窗", expansions="一窗受理")
    assert ids(find("综窗")) == [e.object_id]
    Synonym.objects.filter(term="综窗").update(is_active=False)
    synonyms.invalidate()  # what post_save does; update() sends no signal
    assert find("综窗").total == 0


def test_an_abbreviation_the_segmenter_cuts_in_two_still_matches(make_entry):
    e = make_entry("个人所得税专项附加扣除")
    index(e)
    assert ids(find("个税")) == [e.object_id]


def test_a_search_that_finds_nothing_offers_the_synonym_that_does(make_entry):
    e = make_entry("最低生活保障资金发放情况")
    index(e)
    results = find("低保 补贴 明细")
    assert results.total == 0 and results.alternatives == ["最低生活保障"]


def test_nothing_is_offered_when_the_synonym_finds_nothing_either(make_entry):
    index(make_entry("关于做好义务教育招生工作的通知"))
    assert find("低保 补贴").alternatives == []


def test_a_word_left_after_a_stopword_is_not_taken_for_the_abbreviation(make_entry):
    """个税 segments to 税 (个 is a stopword): only a query that says 个税 expands to 个人所得税."""
    e = make_entry("个人所得税专项附加扣除")
    index(e)
    assert find("房产 税").total == 0
