"""The top-k engine (SEARCH_ENGINE=tantivy): the search contract's tests again, on the engine's copy and on its
outbox tail, plus what only the engine has (sync, rebuild from the database, every host seeing a change at once).

Each test of test_search and test_synonyms runs twice here: "synced" searches after the worker's sync (the copy
answers), "tail" leaves every change in the outbox (the reader merges the rows from the database).
"""

from __future__ import annotations

import pytest

from sunlight.search import engine, outbox, service
from sunlight.search.models import SearchOutbox
from sunlight.search.service import SearchQuery

from . import test_search, test_synonyms

pytestmark = pytest.mark.django_db

# The database backends' own devices, which the engine does not use (windows, caps, FTS5 tiers and tables).
NOT_THE_ENGINES = {
    "test_auto_picks_the_backend_of_the_database",
    "test_a_backend_for_another_database_is_refused",
    "test_the_fts_table_stays_consistent_with_the_rows",
    "test_a_dense_query_ranks_only_matches_from_its_newest_months",
    "test_counting_stops_at_the_backends_cap",
    "test_sqlite_ranks_a_dense_query_by_title_then_summary_then_body_on_every_page",
}


@pytest.fixture
def on_engine(settings, tmp_path):
    settings.SEARCH_ENGINE = "tantivy"
    settings.SEARCH_ENGINE_DIR = str(tmp_path / "engine")
    engine._live.clear()
    engine.rebuild()
    yield
    engine._live.clear()


@pytest.fixture(params=["synced", "tail"])
def mode(request, on_engine, monkeypatch):
    if request.param == "synced":
        for name in ("search", "count", "matching_ids"):
            original = getattr(service, name)

            def synced(*args, _original=original, **kwargs):
                engine.sync()
                return _original(*args, **kwargs)

            monkeypatch.setattr(service, name, synced)
    return request.param


def _contract_tests():
    for module in (test_search, test_synonyms):
        for name in dir(module):
            if name.startswith("test_") and name not in NOT_THE_ENGINES and callable(getattr(module, name)):
                yield module, name


def _wrap(module, name):
    test = getattr(module, name)

    def run(*args, **kwargs):
        assert service.get_backend().name.startswith("tantivy"), "the engine must answer"
        return test(*args, **kwargs)

    run.__name__ = name
    run.__wrapped__ = test  # pytest reads the fixtures the original asks for
    run.pytestmark = [*getattr(test, "pytestmark", []), pytest.mark.usefixtures("mode").mark]
    return run


for _module, _name in _contract_tests():
    globals()[_name] = _wrap(_module, _name)

# The contract tests' own fixtures (filtered, dense …) come from their modules.
from .test_search import dense, filtered  # noqa: E402,F401


def test_a_published_entry_is_found_before_any_sync_and_the_copy_takes_it_over(on_engine, make_entry):
    engine.sync()
    service.index(make_entry("关于城市更新行动的实施意见"))
    assert SearchOutbox.objects.count() == 1
    assert service.search(SearchQuery(text="城市更新")).total == 1  # merged from the outbox tail
    assert engine.sync() == 1
    assert engine.live().index.searcher().num_docs == 1
    assert service.search(SearchQuery(text="城市更新")).total == 1  # now from the copy, nothing in the tail
    assert outbox.since(engine.live().position, limit=10)[0] == []


def test_a_removed_entry_is_gone_from_the_copys_answer_before_the_sync(on_engine, make_entry):
    entry = make_entry("关于老旧小区改造的通知")
    service.index(entry)
    engine.sync()
    service.remove("document", entry.object_id)
    assert service.search(SearchQuery(text="老旧小区")).total == 0
    engine.sync()
    assert service.search(SearchQuery(text="老旧小区")).total == 0
    assert engine.live().index.searcher().num_docs == 0


def test_a_rebuild_from_the_database_holds_every_entry_and_switches_the_readers(on_engine, make_entry):
    service.rebuild([make_entry(f"关于第{i}批乡村振兴项目的公示") for i in range(30)])
    before = engine.live().name
    state = engine.rebuild()
    assert state["docs"] == 30 and engine.live().name != before
    assert engine.status()["docs"] == 30
    results = service.search(SearchQuery(text="乡村振兴", per_page=10))
    assert results.total == 30 and len(results.hits) == 10 and not results.total_capped


def test_another_host_with_its_own_copy_sees_a_change_at_once(on_engine, settings, tmp_path, make_entry):
    service.index(make_entry("关于河道综合治理的通知"))
    engine.sync()
    settings.SEARCH_ENGINE_DIR = str(tmp_path / "second-host")  # a host whose copy was built from the database
    engine.rebuild()
    service.index(make_entry("关于河道综合治理工程验收的公告"))
    for directory in (tmp_path / "engine", tmp_path / "second-host"):
        settings.SEARCH_ENGINE_DIR = str(directory)
        assert service.search(SearchQuery(text="河道综合治理")).total == 2


def test_a_missing_copy_answers_from_the_database(settings, tmp_path, make_entry):
    settings.SEARCH_ENGINE = "tantivy"
    settings.SEARCH_ENGINE_DIR = str(tmp_path / "never-built")
    engine._live.clear()
    service.index(make_entry("关于营商环境优化的意见"))
    assert service.search(SearchQuery(text="营商环境")).total == 1
    assert engine.status()["built"] is False


def test_a_tail_longer_than_the_merge_limit_is_answered_by_the_database(on_engine, settings, make_entry):
    settings.SEARCH_ENGINE_TAIL_MAX = 3
    service.rebuild([make_entry(f"关于第{i}号防汛预案的通知") for i in range(5)])
    backend = service.get_backend()
    results = service.search(SearchQuery(text="防汛预案"))
    assert results.total == 5
    # The database answers with its own devices: its count cap and newest-months windows.
    assert backend.count_cap == backend.database.count_cap and not backend.tops_k
    assert engine.sync() == 5  # the worker catches up; the copy answers again
    assert service.search(SearchQuery(text="防汛预案")).total == 5
    assert backend.count_cap is None and backend.tops_k


def test_a_copy_older_than_the_outbox_keeps_is_rebuilt(on_engine, settings, make_entry):
    import json

    service.index(make_entry("关于电动自行车管理的通告"))
    generation = engine.live()
    state = json.loads((generation.path / "state.json").read_text())
    state["synced_at"] = "2000-01-01T00:00:00+00:00"
    (generation.path / "state.json").write_text(json.dumps(state))
    engine.sync()
    assert engine.live().name != generation.name and engine.status()["docs"] == 1


def test_the_outbox_is_written_only_when_an_engine_is_configured(make_entry):
    service.index(make_entry("关于安全生产的通知"))
    assert SearchOutbox.objects.count() == 0


def test_old_outbox_rows_are_pruned(on_engine, make_entry):
    from datetime import timedelta

    from django.utils import timezone

    service.index(make_entry("关于森林防火的通告"))
    SearchOutbox.objects.update(created_at=timezone.now() - timedelta(days=30))
    service.index(make_entry("关于秸秆禁烧的通告"))
    assert outbox.prune() == 1 and SearchOutbox.objects.count() == 1


@pytest.mark.parametrize(
    "text",
    ["政" * 2000, "，。！？、；：" * 20, "的 了 和", "11530000MB0P12345X/2024-99999", "某某〔2031〕999号"],
    ids=["2000-chars", "punctuation", "stopwords", "unknown-index-number", "unknown-doc-number"],
)
def test_bad_queries_get_clear_answers_from_the_engine(on_engine, make_entry, text):
    service.index(make_entry("关于政务公开工作的通知"))
    engine.sync()
    results = service.search(SearchQuery(text=text))
    assert results.total >= 0 and results.took_ms < 5000


def test_the_command_syncs_and_reports_this_hosts_copy(on_engine, make_entry):
    from io import StringIO

    from django.core.management import call_command

    service.index(make_entry("关于冬季供暖的通知"))
    out = StringIO()
    call_command("search_engine", "sync", stdout=out)
    assert "applied 1 changed entries" in out.getvalue() and '"docs": 1' in out.getvalue()


def test_the_command_refuses_to_build_without_an_engine_configured():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="SEARCH_ENGINE is not set"):
        call_command("search_engine", "rebuild")


def test_web_hosts_run_a_follower_only_with_the_engine(monkeypatch):
    from sunlight import cli

    monkeypatch.delenv("SEARCH_ENGINE", raising=False)
    assert cli._follower_commands() == []
    monkeypatch.setenv("SEARCH_ENGINE", "tantivy")
    assert cli._follower_commands()[0][-2:] == ["search_engine", "follow"]


@pytest.mark.django_db(transaction=True)
def test_a_change_committed_after_a_later_one_is_not_skipped(settings):
    """PostgreSQL hands out outbox ids at insert and shows rows at commit: a reader that saw id 2 must still get
    id 1 when its transaction commits later."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer: ids commit in order")
    import psycopg

    settings.SEARCH_ENGINE = "tantivy"
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params) as slow:
        slow.execute(
            f"INSERT INTO {outbox.TABLE} (kind, object_id, txid, created_at) "
            "VALUES ('document', 1, pg_current_xact_id()::text::bigint, now())"
        )  # in flight: not committed yet
        outbox.record([("document", 2)])  # committed at once (autocommit)
        rows, position = outbox.since(outbox.Position(), limit=100)
        assert [r[2] for r in rows] == [2]
        slow.commit()
    rows, position = outbox.since(position, limit=100)
    assert [r[2] for r in rows] == [1]
    assert outbox.since(position, limit=100)[0] == []
