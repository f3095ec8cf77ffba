"""Shared by this app's migrations (the loader skips modules starting with "_")."""


def sqlite_only(statements: list[str]):
    """A RunPython function executing `statements` on SQLite and nothing elsewhere.

    Plain ALTER TABLE / FTS5 statements: Django's own table remake on SQLite would drop the
    full-text triggers of search_searchentry.
    """

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for sql in statements:
                schema_editor.execute(sql)

    return run
