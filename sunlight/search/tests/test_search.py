"""The search service, end to end, on whichever database the suite runs on (SQLite or PostgreSQL)."""

from __future__ import annotations

from datetime import UTC

import pytest
from django.db import connection, transaction

from sunlight.errors import SunlightError
from sunlight.search import service
from sunlight.search.models import SearchEntry, SearchTerm
from sunlight.search.service import SearchQuery, index, rebuild, remove, search

from .conftest import CITY, EAST, EAST_CENTER, WEST, at

pytestmark = pytest.mark.django_db


def ids(results) -> list[int]:
    return [h.object_id for h in results.hits]


def find(text: str = "", **kw):
    return search(SearchQuery(text=text, **kw))


# --- finding


def test_a_chinese_phrase_is_found_in_the_title(make_entry):
    e = make_entry("关于做好义务教育招生入学工作的通知")
    index(e)
    index(make_entry("关于防汛抗旱的通知"))
    assert ids(find("义务教育")) == [e.object_id]


def test_a_chinese_phrase_is_found_in_the_summary(make_entry):
    e = make_entry("年度工作安排", summary="本文件规定了最低生活保障的申请条件。")
    index(e)
    assert ids(find("最低生活保障")) == [e.object_id]


def test_a_chinese_phrase_is_found_in_the_body(make_entry):
    e = make_entry("年度工作安排", body="第三条 申请人可以通过政务服务中心窗口提交不动产登记申请。")
    index(e)
    assert ids(find("不动产登记")) == [e.object_id]


def test_a_query_for_zhengfu_finds_renmin_zhengfu(make_entry):
    e = make_entry("云川市人民政府关于印发工作要点的通知")
    index(e)
    assert ids(find("政府")) == [e.object_id]


def test_all_query_words_must_be_present(make_entry):
    both = make_entry("关于义务教育和学前教育的通知")
    one = make_entry("关于义务教育的通知")
    index(both)
    index(one)
    assert ids(find("义务教育 学前教育")) == [both.object_id]


def test_a_word_inside_a_longer_dictionary_term_is_found(make_entry):
    e = make_entry("云川市人力资源和社会保障局关于稳岗返还的通知")
    index(e)
    assert ids(find("人力资源")) == [e.object_id]
    assert ids(find("社会保障")) == [e.object_id]


def test_latin_words_are_found_whatever_their_case(make_entry):
    e = make_entry("关于推进5G网络建设的通知", body="Open Data 开放数据")
    index(e)
    assert ids(find("open data")) == [e.object_id]
    assert ids(find("5g")) == [e.object_id]


def test_a_title_match_ranks_above_a_body_only_match(make_entry):
    body_only = make_entry("年度工作安排", body="其中涉及保障性住房的分配。" + "其他内容。" * 50, published_at=at(2025))
    in_title = make_entry("关于保障性住房分配的通知", body="其他内容。" * 50, published_at=at(2023))
    index(body_only)
    index(in_title)
    results = find("保障性住房")
    assert ids(results) == [in_title.object_id, body_only.object_id]
    assert results.hits[0].score > results.hits[1].score


# --- filters


@pytest.fixture
def filtered(make_entry):
    """Six documents about 政务公开 that differ in one property each from the base one."""
    docs = {
        "base": make_entry(
            "政务公开工作要点",
            org_path=EAST_CENTER,
            topic_id=11,
            topic_parent_id=10,
            genre_id=3,
            validity="valid",
            key_area_ids=[21, 20],
            published_at=at(2024),
        ),
        "west": make_entry(
            "政务公开工作要点",
            org_path=WEST,
            topic_id=12,
            topic_parent_id=10,
            genre_id=3,
            validity="valid",
            key_area_ids=[22, 20],
            published_at=at(2024),
        ),
        "city": make_entry(
            "政务公开工作要点",
            org_path=CITY,
            topic_id=13,
            topic_parent_id=None,
            genre_id=4,
            validity="expired",
            key_area_ids=[],
            published_at=at(2023),
        ),
        "repealed": make_entry(
            "政务公开工作要点",
            org_path=EAST,
            topic_id=11,
            topic_parent_id=10,
            genre_id=3,
            validity="repealed",
            key_area_ids=[21, 20],
            published_at=at(2022),
        ),
    }
    for d in docs.values():
        index(d)
    return {k: d.object_id for k, d in docs.items()}


@pytest.mark.parametrize("text", ["政务公开", ""])
def test_the_org_filter_takes_the_whole_subtree(filtered, text):
    assert set(ids(find(text, org_path=EAST))) == {filtered["base"], filtered["repealed"]}
    assert set(ids(find(text, org_path=CITY))) == set(filtered.values())
    assert set(ids(find(text, org_path=EAST_CENTER))) == {filtered["base"]}


def test_the_org_filter_is_not_fooled_by_a_longer_id_with_the_same_digits(make_entry):
    index(make_entry("政务公开", org_path="/1/77/"))
    assert find("政务公开", org_path="/1/7/").total == 0
    assert find("", org_path="/1/7/").total == 0


@pytest.mark.parametrize("text", ["政务公开", ""])
def test_the_topic_filter_matches_the_topic_and_its_children(filtered, text):
    assert set(ids(find(text, topic_id=11))) == {filtered["base"], filtered["repealed"]}
    assert set(ids(find(text, topic_id=10))) == {filtered["base"], filtered["west"], filtered["repealed"]}
    assert set(ids(find(text, topic_id=13))) == {filtered["city"]}


@pytest.mark.parametrize("text", ["政务公开", ""])
def test_the_genre_year_and_validity_filters_narrow(filtered, text):
    assert set(ids(find(text, genre_id=4))) == {filtered["city"]}
    assert set(ids(find(text, year=2024))) == {filtered["base"], filtered["west"]}
    assert set(ids(find(text, validity="repealed"))) == {filtered["repealed"]}
    assert set(ids(find(text, year=2024, org_path=WEST))) == {filtered["west"]}


@pytest.mark.parametrize("text", ["政务公开", ""])
def test_the_key_area_filter_matches_any_of_the_entry_areas(filtered, text):
    assert set(ids(find(text, key_area_id=20))) == {filtered["base"], filtered["west"], filtered["repealed"]}
    assert set(ids(find(text, key_area_id=22))) == {filtered["west"]}
    assert find(text, key_area_id=2).total == 0


def test_the_year_is_the_beijing_year(make_entry):
    from datetime import datetime

    # 2024-12-31 17:30 UTC is 2025-01-01 01:30 in Beijing.
    e = make_entry("新年贺词", published_at=datetime(2024, 12, 31, 17, 30, tzinfo=UTC))
    index(e)
    assert ids(find("新年贺词", year=2025)) == [e.object_id]
    assert find("新年贺词", year=2024).total == 0


def test_an_unknown_kind_returns_nothing(make_entry):
    index(make_entry("政务公开工作要点"))
    assert find("政务公开", kind="letter").total == 0
    assert find("", kind="letter").total == 0


def test_kinds_are_kept_apart(make_entry):
    doc = make_entry("政务公开工作要点", object_id=5)
    letter = make_entry("政务公开的建议", kind="letter", object_id=5)
    index(doc)
    index(letter)
    assert ids(find("政务公开")) == [5] and find("政务公开").hits[0].title == "政务公开工作要点"
    assert find("政务公开", kind="letter").hits[0].title == "政务公开的建议"


def test_an_invalid_org_path_is_refused_in_chinese():
    with pytest.raises(SunlightError, match="机构路径无效"):
        find("政务", org_path="/a/b/")


# --- pages and order


def test_pages_split_the_results_and_the_total_counts_them_all(make_entry):
    for i in range(7):
        index(make_entry(f"政府采购公告第{i}期", published_at=at(2020 + i)))
    first = find("政府采购", per_page=3)
    third = find("政府采购", per_page=3, page=3)
    assert first.total == third.total == 7
    assert len(first.hits) == 3 and len(third.hits) == 1
    every = ids(find("政府采购", per_page=3)) + ids(find("政府采购", per_page=3, page=2)) + ids(third)
    assert len(set(every)) == 7
    beyond = find("政府采购", per_page=3, page=9)
    assert beyond.total == 7 and beyond.hits == []


def test_per_page_is_capped_at_one_hundred():
    assert find("政府", per_page=1000).per_page == 100
    low = find("政府", per_page=-5, page=-3)
    assert (low.per_page, low.page) == (1, 1)


def test_order_newest_puts_the_latest_first(make_entry):
    old = make_entry("关于政府采购的通知", published_at=at(2019))
    new = make_entry("采购意向", body="政府采购", published_at=at(2025))
    mid = make_entry("政府采购", published_at=at(2022))
    for e in (old, new, mid):
        index(e)
    assert ids(find("政府采购", order="newest")) == [new.object_id, mid.object_id, old.object_id]


def test_an_unknown_order_is_refused_in_chinese():
    with pytest.raises(SunlightError, match="排序方式无效"):
        find("政府", order="random")


def test_an_empty_query_browses_newest_first(make_entry):
    old = make_entry("甲", published_at=at(2018))
    new = make_entry("乙", published_at=at(2026))
    index(old)
    index(new)
    results = find("   ")
    assert ids(results) == [new.object_id, old.object_id]
    assert results.total == 2 and results.hits[0].snippet_html == "" and not results.suggestion


def test_a_query_of_punctuation_and_stopwords_finds_nothing_without_error(make_entry):
    index(make_entry("的通知"))
    for text in ["，。！？", "的 了 和", "《》——……", "\u3000、\u3000"]:
        results = find(text)
        assert results.total == 0 and results.hits == [] and results.suggestion is None


# --- changes


def test_a_removed_entry_disappears(make_entry):
    e = make_entry("关于村务公开的通知")
    index(e)
    remove("document", e.object_id)
    assert find("村务公开").total == 0
    assert find("").total == 0
    remove("document", e.object_id)  # removing twice is harmless


def test_reindexing_an_edited_entry_replaces_it(make_entry):
    e = make_entry("关于村务公开的通知", summary="旧的摘要")
    index(e)
    e.title, e.summary = "关于厂务公开的通知", "新的摘要"
    index(e)
    assert SearchEntry.objects.filter(kind="document", object_id=e.object_id).count() == 1
    assert find("村务公开").total == 0
    assert ids(find("厂务公开")) == [e.object_id]
    assert find("旧的摘要").total == 0


def test_an_index_update_rolls_back_with_the_callers_transaction(make_entry):
    e = make_entry("关于村务公开的通知")
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            index(e)
            raise RuntimeError("the caller's change failed")
    assert find("村务公开").total == 0
    assert not SearchTerm.objects.filter(term="村务公开", df__gt=0).exists()


def test_rebuild_indexes_in_bulk_and_replaces_existing_entries(make_entry):
    index(make_entry("旧标题村务公开", object_id=1001))
    entries = [make_entry(f"关于第{i}批政府采购的公告", object_id=1000 + i) for i in range(1, 6)]
    assert rebuild(entries, batch=2) == 5
    assert find("政府采购").total == 5
    assert find("村务公开").total == 0
    assert SearchEntry.objects.count() == 5
    assert SearchTerm.objects.get(term="政府采购").df == 5
    assert SearchTerm.objects.get(term="村务公开").df == 0


def test_clear_empties_one_kind(make_entry):
    index(make_entry("政务公开", kind="letter"))
    index(make_entry("政务公开"))
    assert service.clear("letter") == 1
    assert find("政务公开", kind="letter").total == 0 and find("政务公开").total == 1


def test_the_vocabulary_follows_index_edit_and_remove(make_entry):
    e = make_entry("关于义务教育的通知", keywords="招生入学")
    index(e)
    index(make_entry("义务教育阶段学生资助"))
    assert SearchTerm.objects.get(term="义务教育").df == 2
    assert SearchTerm.objects.get(term="招生入学").df == 1
    e.keywords = ""
    index(e)
    assert SearchTerm.objects.get(term="招生入学").df == 0
    assert SearchTerm.objects.get(term="义务教育").df == 2
    remove("document", e.object_id)
    assert SearchTerm.objects.get(term="义务教育").df == 1


# --- exact lookup


def test_an_index_number_is_looked_up_exactly(make_entry):
    e = make_entry("关于政府信息公开的通知", index_number="11440300MB2D12345X/2024-00123")
    index(e)
    index(make_entry("关于政府信息公开的通知", index_number="11440300MB2D12345X/2024-00124"))
    results = find(" 11440300mb2d12345x/2024-00123 ")
    assert results.exact_match and ids(results) == [e.object_id] and results.total == 1


def test_a_doc_number_is_looked_up_whatever_the_brackets(make_entry):
    e = make_entry("关于印发工作要点的通知", doc_number="云川府办发〔2024〕12号")
    index(e)
    index(make_entry("关于印发工作要点的通知", doc_number="云川府办发〔2024〕13号"))
    for text in [
        "云川府办发〔2024〕12号",
        "云川府办发[2024]12号",
        "云川府办发［2024］12号",
        "云川府办发（2024）12号",
        "云川府办发 [2024] 12号",
    ]:
        results = find(text)
        assert results.exact_match, text
        assert ids(results) == [e.object_id]
        assert results.hits[0].doc_number == "云川府办发〔2024〕12号"


def test_an_unknown_number_falls_back_to_full_text(make_entry):
    index(make_entry("关于印发工作要点的通知", doc_number="云川府办发〔2024〕12号"))
    results = find("云川府办发〔2024〕99号")
    assert not results.exact_match


def test_the_exact_lookup_respects_the_filters(make_entry):
    index(make_entry("关于印发工作要点的通知", doc_number="云川府办发〔2024〕12号", org_path=WEST))
    assert not find("云川府办发〔2024〕12号", org_path=EAST).exact_match


# --- what a hit shows


def test_the_snippet_marks_the_terms_and_escapes_the_text(make_entry):
    e = make_entry("关于网站安全的通知", body="请注意<script>alert(1)</script>，网站安全检查每月一次。")
    index(e)
    hit = find("网站安全").hits[0]
    assert "<mark>网站安全</mark>" in hit.snippet_html
    assert "&lt;script&gt;" in hit.snippet_html and "<script>" not in hit.snippet_html
    assert hit.title_html == "关于<mark>网站安全</mark>的通知"
    assert (hit.url, hit.org_id, hit.published_at) == (e.url, e.org_id, e.published_at)


def test_the_snippet_comes_from_the_body_where_the_terms_are(make_entry):
    body = "本年度各项工作有序推进。" * 40 + "其中，高标准农田建设任务全面完成。" + "其他事项另行通知。" * 40
    index(make_entry("年度工作总结", summary="各项工作总体平稳。", body=body))
    html = find("高标准农田").hits[0].snippet_html
    assert "<mark>高标准农田</mark>" in html and html.startswith("…")


def test_query_terms_are_reported(make_entry):
    assert find("依申请公开 答复").query_terms == ["依申请公开", "答复"]


# --- did you mean


def test_a_typo_gets_a_suggestion_that_has_results(make_entry):
    index(make_entry("关于做好义务教育招生入学工作的通知"))
    index(make_entry("义务教育阶段学生资助办法"))
    results = find("义务较育")
    assert results.total == 0
    assert results.suggestion == "义务教育"


def test_a_typo_in_a_longer_query_is_corrected_in_place(make_entry):
    index(make_entry("关于做好义务教育招生入学工作的通知"))
    assert find("义务较育 招生入学").suggestion == "义务教育 招生入学"


def test_there_is_no_suggestion_when_something_was_found_or_nothing_fits(make_entry):
    index(make_entry("关于做好义务教育招生入学工作的通知"))
    assert find("义务教育").suggestion is None
    assert find("量子计算机").suggestion is None


def test_the_suggestion_must_have_results_under_the_same_filters(make_entry):
    index(make_entry("关于做好义务教育招生入学工作的通知", org_path=WEST))
    assert find("义务较育", org_path=EAST).suggestion is None


# --- backend choice


def test_auto_picks_the_backend_of_the_database(settings):
    settings.SEARCH_BACKEND = "auto"
    expected = {"sqlite": "sqlite", "postgresql": "postgres"}[connection.vendor]
    assert service.get_backend().name == expected


def test_a_backend_for_another_database_is_refused(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.SEARCH_BACKEND = "postgres" if connection.vendor == "sqlite" else "sqlite"
    with pytest.raises(ImproperlyConfigured):
        service.get_backend()
    settings.SEARCH_BACKEND = "opensearch"
    with pytest.raises(ImproperlyConfigured):
        service.get_backend()


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="FTS5 is SQLite's")
def test_the_fts_table_stays_consistent_with_the_rows(make_entry):
    e = make_entry("关于村务公开的通知", body="正文" * 100)
    index(e)
    e.title = "关于厂务公开的通知"
    index(e)
    index(make_entry("另一份文件"))
    remove("document", e.object_id)
    rebuild([make_entry(f"批量{i}") for i in range(3)])
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")


# --- dense queries (many matches): bounded work


@pytest.fixture
def dense(make_entry, monkeypatch):
    """Twelve matching documents, one a month through 2025, with the caps set low."""
    monkeypatch.setattr(service, "RANK_CAP", 3)
    monkeypatch.setattr(service, "_oldest_year", {})
    monkeypatch.setattr(service.timezone, "now", lambda: at(2026, 1, 15))
    docs = [make_entry(f"政府采购公告{m}", published_at=at(2025, m), body="政府采购" * m) for m in range(1, 13)]
    rebuild(docs)
    return docs


def test_a_dense_query_still_counts_every_match(dense):
    results = find("政府采购")
    assert results.total == 12 and not results.total_capped


def test_a_dense_query_in_newest_order_is_exact_on_every_page(dense):
    newest_first = [d.object_id for d in reversed(dense)]
    pages = [ids(find("政府采购", order="newest", per_page=5, page=p)) for p in (1, 2, 3)]
    assert pages == [newest_first[:5], newest_first[5:10], newest_first[10:]]
    assert ids(find("政府采购", order="newest", year=2025, per_page=2)) == newest_first[:2]


def test_a_dense_query_ranks_only_matches_from_its_newest_months(dense):
    # RANK_CAP 3, 12 matches over the 13 months up to 2026-01: the first guess is the newest
    # ceil(3 × 1.5 × 13 / 12) = 5 months, 2025-09 … 2026-01, which hold 4 matches: enough.
    results = find("政府采购", per_page=2)
    assert results.total == 12
    assert set(ids(results)) <= {d.object_id for d in dense[-4:]}
    # A page beyond the cap widens the candidates: nothing is lost, it is just ranked later.
    assert len(ids(find("政府采购", per_page=5, page=2))) == 5


def test_counting_stops_at_the_backends_cap(dense, monkeypatch):
    monkeypatch.setattr(type(service.get_backend()), "count_cap", 5)
    results = find("政府采购", order="newest", per_page=2)
    assert results.total == 5 and results.total_capped
    assert ids(results) == [dense[-1].object_id, dense[-2].object_id]


def test_the_window_covers_months_then_whole_years():
    from sunlight.search.backends.base import window_facets

    assert window_facets((2026, 2), 3) == ["m=202602", "m=202601", "m=202512"]
    assert window_facets((2026, 2), 16) == ["m=202602", "m=202601", "y=2025", "m=202412", "m=202411"]


def test_a_pasted_page_is_searched_by_its_first_words(make_entry):
    e = make_entry("关于政府采购的通知")
    index(e)
    results = find("政府采购 " + "，".join(["无关的话"] * 500))
    assert results.total == 0 and len(results.query_terms) <= 16
    assert ids(find("政府采购" + "。" * 1000)) == [e.object_id]


# --- exports


def test_matching_ids_lists_every_match_newest_first(make_entry):
    old = make_entry("关于政府采购的通知", published_at=at(2019))
    new = make_entry("政府采购意向", published_at=at(2025))
    index(old)
    index(new)
    index(make_entry("无关文件"))
    assert service.matching_ids(SearchQuery(text="政府采购")) == [new.object_id, old.object_id]
    assert service.matching_ids(SearchQuery(text="政府采购", year=2019)) == [old.object_id]
    assert service.matching_ids(SearchQuery(text="政府采购"), cap=1) == [new.object_id]
    assert service.matching_ids(SearchQuery(text="，。")) == []
    assert len(service.matching_ids(SearchQuery())) == 3


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the field tiers are the SQLite backend's ranking")
def test_sqlite_ranks_a_dense_query_by_title_then_summary_then_body_on_every_page(make_entry, monkeypatch):
    from sunlight.search.backends import sqlite

    monkeypatch.setattr(service, "RANK_CAP", 2)
    titled = make_entry("关于政府采购的通知", body="正文", published_at=at(2020))
    summarised = make_entry("年度安排", summary="涉及政府采购", body="正文", published_at=at(2021))
    bodies = [make_entry(f"工作{i}", body="其中有政府采购内容", published_at=at(2022 + i)) for i in range(3)]
    rebuild([titled, summarised, *bodies])
    newest_bodies = [b.object_id for b in reversed(bodies)]
    expected = [titled.object_id, summarised.object_id, *newest_bodies]
    pages = [ids(find("政府采购", per_page=2, page=p)) for p in (1, 2, 3)]
    assert sum(pages, []) == expected
    # Pages beyond the head matches read in one pass take the exact per-tier walk: same order.
    monkeypatch.setattr(sqlite, "HEAD_SCAN", 1)
    assert sum((ids(find("政府采购", per_page=2, page=p)) for p in (1, 2, 3)), []) == expected
