"""SQLite: move the snippet text (`body`, up to 20,000 characters) to the end of the row.

SQLite reads a row's columns in order and follows the overflow chain of a long value to reach the
columns after it: with `body` in the middle, reading an entry's publication date or title tokens
(newest-first order, ranking tiers, browsing) read ~15 overflow pages per entry. Stored last,
those columns sit on the row's first page. PostgreSQL keeps long values out of line (TOAST), so
only the migration state changes there.
"""

from django.db import migrations, models

from ._sqlite import sqlite_only

SQLITE = [
    "ALTER TABLE search_searchentry ADD COLUMN body_last text NOT NULL DEFAULT ''",
    "UPDATE search_searchentry SET body_last = body",
    "ALTER TABLE search_searchentry DROP COLUMN body",
    "ALTER TABLE search_searchentry RENAME COLUMN body_last TO body",
]
SQLITE_BACKWARD = [
    "ALTER TABLE search_searchentry RENAME COLUMN body TO body_last",
    "ALTER TABLE search_searchentry ADD COLUMN body text NOT NULL DEFAULT ''",
    "UPDATE search_searchentry SET body = body_last",
    "ALTER TABLE search_searchentry DROP COLUMN body_last",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0003_fts_detail_column")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(sqlite_only(SQLITE), sqlite_only(SQLITE_BACKWARD))],
            state_operations=[
                migrations.RemoveField("searchentry", "body"),
                migrations.AddField(
                    "searchentry", "body",
                    models.TextField(blank=True, verbose_name="正文（前2万字，用于摘要片段）"),
                    preserve_default=False,
                ),
            ],
        ),
    ]
