"""The full-text structures, by database vendor.

SQLite: an FTS5 table over the pre-segmented tokens, external content = search_searchentry,
kept in sync by triggers so every write path (ORM save, bulk insert, delete, cascade) updates it.
detail=full (the default) here; 0003 switches to detail=column once bm25 was dropped: with detail=column FTS5's
bm25 re-reads and re-tokenizes every matching row's content (measured 120 µs per match against
4 µs), which a smaller index does not pay back.
tokenizer ascii: the columns hold tokens that are already segmented, normalised and made of
letters and digits only, so splitting on ASCII spaces is all that is left to do (three times
faster to index than unicode61); tokenchars '=' keeps filter tokens such as y=2024 whole, and
query terms never contain '='.

PostgreSQL: a GIN index on the matching vector, and lz4 instead of pglz for the large values
(body text and vectors): loading is about 40% faster, at a slightly larger table.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title_tokens, summary_tokens, body_tokens, facets,
        content='search_searchentry', content_rowid='id',
        tokenize="ascii tokenchars '='"
    )""",
    # A row here (only ever inside a bulk insert's transaction) turns the insert trigger off:
    # the bulk path then indexes all new rows with one INSERT … SELECT, three times faster.
    "CREATE TABLE search_fts_deferred (id INTEGER PRIMARY KEY)",
    """CREATE TRIGGER search_fts_after_insert AFTER INSERT ON search_searchentry
        WHEN NOT EXISTS (SELECT 1 FROM search_fts_deferred) BEGIN
        INSERT INTO search_fts(rowid, title_tokens, summary_tokens, body_tokens, facets)
        VALUES (new.id, new.title_tokens, new.summary_tokens, new.body_tokens, new.facets);
    END""",
    """CREATE TRIGGER search_fts_after_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_tokens, summary_tokens, body_tokens, facets)
        VALUES ('delete', old.id, old.title_tokens, old.summary_tokens, old.body_tokens, old.facets);
    END""",
    """CREATE TRIGGER search_fts_after_update AFTER UPDATE OF title_tokens, summary_tokens, body_tokens, facets
        ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_tokens, summary_tokens, body_tokens, facets)
        VALUES ('delete', old.id, old.title_tokens, old.summary_tokens, old.body_tokens, old.facets);
        INSERT INTO search_fts(rowid, title_tokens, summary_tokens, body_tokens, facets)
        VALUES (new.id, new.title_tokens, new.summary_tokens, new.body_tokens, new.facets);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_after_update",
    "DROP TRIGGER IF EXISTS search_fts_after_delete",
    "DROP TRIGGER IF EXISTS search_fts_after_insert",
    "DROP TABLE IF EXISTS search_fts",
    "DROP TABLE IF EXISTS search_fts_deferred",
]
POSTGRES_FORWARD = [
    "CREATE INDEX search_entry_vector_gin ON search_searchentry USING gin (vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_vector_gin",
]


LZ4 = (
    "ALTER TABLE search_searchentry ALTER COLUMN body SET COMPRESSION lz4, "
    "ALTER COLUMN summary SET COMPRESSION lz4, ALTER COLUMN vector SET COMPRESSION lz4, "
    "ALTER COLUMN head_vector SET COMPRESSION lz4"
)


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


def _lz4(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.db import DatabaseError, transaction

    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute(LZ4)
    except DatabaseError:
        pass  # a server built without lz4 keeps pglz: slower loads, same results


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_entries")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
        migrations.RunPython(_lz4, migrations.RunPython.noop),
    ]
