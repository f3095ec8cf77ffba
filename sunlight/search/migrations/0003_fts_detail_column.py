"""SQLite: the FTS5 index keeps which columns a word is in, no longer its positions (detail=column).

Search no longer ranks with bm25 (see backends/sqlite.py: field tiers, newest first), which was
the only reason for positions; without them the doclists of common words are several times
smaller, and a 200,000-entry benchmark went from p95 35 ms to 28 ms. The index is rebuilt from
search_searchentry (about 100 s per 200,000 entries). PostgreSQL: nothing to do.
"""

from django.db import migrations

from ._sqlite import sqlite_only


def _fts(detail: str) -> list[str]:
    return [
        "DROP TABLE IF EXISTS search_fts",
        f"""CREATE VIRTUAL TABLE search_fts USING fts5(
            title_tokens, summary_tokens, body_tokens, facets,
            content='search_searchentry', content_rowid='id',
            tokenize="ascii tokenchars '='"{detail}
        )""",
        "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    ]


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext_indexes")]

    operations = [migrations.RunPython(sqlite_only(_fts(", detail=column")), sqlite_only(_fts("")))]
