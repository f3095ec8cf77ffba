"""The top-k engine: a tantivy index on each web host, derived from the database's search rows.

The database stays the one source of truth (SearchEntry rows with their tokens, written in the changing
transaction); the engine is a per-host copy that answers the ranked page and the count with early termination.
Each host keeps its own copy under SEARCH_ENGINE_DIR and follows the database through the outbox
(sunlight.search.outbox): ``sync()`` (the worker, every minute) applies new outbox rows, ``rebuild()`` (the
command, nightly in the worker, or when a host's copy is missing or too far behind) builds a new generation
from the rows and switches to it. Readers never write: until the copy has applied a change, they merge the
outbox's entries from the database themselves (sunlight.search.backends.tantivy), so every host answers with
what is committed.

Layout: <dir>/current names the live generation; <dir>/<generation>/ holds the tantivy files and state.json
(outbox position, document count, mean field lengths for scoring merged entries, when it was built and synced).
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tantivy
from django.conf import settings
from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import timezone

from . import outbox
from .models import SearchEntry

# Token fields: the title and the head (keywords + summary) only add score; "text" (every token of the entry)
# is what a query word must match. Facets (k=document y=2024 o=7 …) are filters and never score.
TEXT_FIELDS = ("title", "head", "text")
BOOST = {"title": 3.0, "head": 1.5, "text": 1.0}
ROW_FIELDS = (
    "id",
    "kind",
    "object_id",
    "published_at",
    "facets",
    "title_tokens",
    "summary_tokens",
    "body_tokens",
    "vector",
    "head_vector",
)
# A tsvector literal: 'lexeme' or 'lexeme':1A,2B (quotes doubled inside).
_LEXEME = re.compile(r"'((?:[^']|'')*)'(?::([0-9A-D,]+))?")


def engine_dir() -> Path:
    configured = getattr(settings, "SEARCH_ENGINE_DIR", "")
    return Path(configured) if configured else Path(settings.DATA_DIR) / "search-engine"


def schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("key", tokenizer_name="raw", index_option="basic")
    builder.add_unsigned_field("entry", fast=True)
    builder.add_integer_field("published", fast=True)
    for name in TEXT_FIELDS:
        builder.add_text_field(name, tokenizer_name="ws", index_option="freq")
    builder.add_text_field("facets", tokenizer_name="ws", index_option="basic")
    return builder.build()


SCHEMA = schema()


def _open(path: Path, create: bool = False) -> tantivy.Index:
    index = tantivy.Index(SCHEMA, path=str(path), reuse=not create)
    # Tokens are segmented already (jieba, the same forms the database backends index): split on spaces only.
    index.register_tokenizer("ws", tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build())
    return index


def key(kind: str, object_id: int) -> str:
    return f"{kind}:{object_id}"


@dataclass
class Tokens:
    """An entry's tokens as the engine indexes them (and as merged entries are scored)."""

    title: list[str]
    head: list[str]
    text: str  # every token, space-joined (a million rows are built without splitting it)
    facets: list[str]

    def text_tokens(self) -> list[str]:
        return self.text.split()

    def length(self, field: str) -> int:
        return self.text.count(" ") + 1 if field == "text" and self.text else len(getattr(self, field))


def _vector_lexemes(literal: str | None) -> Iterator[tuple[str, str]]:
    for match in _LEXEME.finditer(literal or ""):
        lexeme = match.group(1)
        yield (lexeme.replace("''", "'") if "''" in lexeme else lexeme), match.group(2) or ""


def row_tokens(row: dict[str, Any]) -> Tokens:
    """Tokens from a stored row: SQLite keeps them in text order; PostgreSQL keeps the body's distinct lexemes
    (its `vector`) and the title and head with positions (`head_vector`, weights A and B)."""
    facets = (row["facets"] or "").split()
    if row.get("vector") is None:
        title, head = (row["title_tokens"] or "").split(), (row["summary_tokens"] or "").split()
        text = " ".join(filter(None, (row["title_tokens"], row["summary_tokens"], row["body_tokens"])))
        return Tokens(title, head, text, facets)
    title, head = [], []
    for lexeme, positions in _vector_lexemes(row["head_vector"]):
        for position in positions.split(","):
            (title if position.endswith("A") else head).append(lexeme)
    # Every lexeme but the facets, space-joined and unquoted by the database (rows()).
    return Tokens(title, head, row["vector"], facets)


def document(row: dict[str, Any], tokens: Tokens) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_text("key", key(row["kind"], row["object_id"]))
    doc.add_unsigned("entry", row["id"])
    doc.add_integer("published", int(row["published_at"].timestamp()))
    doc.add_text("title", " ".join(tokens.title))
    doc.add_text("head", " ".join(tokens.head))
    doc.add_text("text", tokens.text)
    doc.add_text("facets", " ".join(tokens.facets))
    return doc


WORDS_SQL = "array_to_string(ARRAY(SELECT w FROM unnest(tsvector_to_array(vector)) w WHERE strpos(w, '=') = 0), ' ')"


def rows(queryset: Any = None, chunk: int = 2000) -> Iterator[dict[str, Any]]:
    queryset = (SearchEntry.objects.all() if queryset is None else queryset).order_by()
    fields = list(ROW_FIELDS)
    if connection.vendor == "postgresql":
        # Lexemes contain no spaces (tokens are letters and digits, facets k=v): unquoting in C is ~10× faster
        # than parsing the tsvector literal in Python.
        queryset = queryset.annotate(vector_words=RawSQL(WORDS_SQL, []))
        fields[fields.index("vector")] = "vector_words"
    for values in queryset.values_list(*fields).iterator(chunk_size=chunk):
        yield dict(zip(ROW_FIELDS, values))


# --- the live generation, as each process reads it


@dataclass
class Generation:
    name: str
    path: Path
    index: tantivy.Index
    state: dict[str, Any]
    state_mtime: float

    @property
    def position(self) -> outbox.Position:
        return outbox.Position.from_dict(self.state["position"])


_live: dict[str, Generation] = {}


def _state_path(path: Path) -> Path:
    return path / "state.json"


def live() -> Generation | None:
    """The live generation of this host (reloaded when a sync or rebuild changed it), or None if there is none."""
    root = engine_dir()
    try:
        name = (root / "current").read_text().strip()
        path = root / name
        mtime = _state_path(path).stat().st_mtime
    except (FileNotFoundError, NotADirectoryError):
        return None
    cached = _live.get(str(root))
    if cached is not None and cached.name == name:
        if cached.state_mtime != mtime:
            cached.state = json.loads(_state_path(path).read_text())
            cached.state_mtime = mtime
            cached.index.reload()
        return cached
    generation = Generation(name, path, _open(path), json.loads(_state_path(path).read_text()), mtime)
    _live[str(root)] = generation
    return generation


def _write_state(path: Path, state: dict[str, Any]) -> None:
    tmp = path / "state.json.tmp"
    tmp.write_text(json.dumps(state))
    os.replace(tmp, _state_path(path))


@contextmanager
def _writing() -> Iterator[None]:
    """One writer per host at a time (the worker's sync, a rebuild command)."""
    root = engine_dir()
    root.mkdir(parents=True, exist_ok=True)
    with open(root / "write.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _heap() -> int:
    return int(getattr(settings, "SEARCH_ENGINE_HEAP_MB", 256)) * 1_000_000


# --- building and following


def rebuild(progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Build a new generation from every SearchEntry row, apply what changed meanwhile, switch to it."""
    with _writing():
        position = outbox.here()  # before reading: whatever commits later is in the outbox after it
        root = engine_dir()
        name = f"g{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
        path = root / name
        path.mkdir(parents=True)
        index = _open(path, create=True)
        writer = index.writer(heap_size=_heap(), num_threads=int(getattr(settings, "SEARCH_ENGINE_THREADS", 1)))
        started = time.monotonic()
        lengths = dict.fromkeys(TEXT_FIELDS, 0)
        count = 0
        for row in rows():
            tokens = row_tokens(row)
            for field in TEXT_FIELDS:
                lengths[field] += tokens.length(field)
            writer.add_document(document(row, tokens))
            count += 1
            if progress and count % 50_000 == 0:
                progress(count)
        writer.commit()
        writer.wait_merging_threads()
        state = {
            "position": position.as_dict(),
            "docs": count,
            "mean": {field: lengths[field] / max(count, 1) for field in TEXT_FIELDS},
            "built_at": timezone.now().isoformat(),
            "synced_at": timezone.now().isoformat(),
            "build_seconds": round(time.monotonic() - started, 1),
        }
        _write_state(path, state)
        _apply_since(index, path, state)
        tmp = root / "current.tmp"
        tmp.write_text(name)
        os.replace(tmp, root / "current")
        for other in root.iterdir():
            if other.is_dir() and other.name != name:
                shutil.rmtree(other, ignore_errors=True)  # readers still holding it keep their open files
        return json.loads(_state_path(path).read_text())


def sync() -> int:
    """Apply the outbox rows this host has not applied yet (the worker calls this every minute).

    Builds the first generation when there is none, and rebuilds when the copy is older than the outbox keeps
    rows or too much waits (a bulk import: building afresh is cheaper than millions of deletes)."""
    generation = live()
    if generation is None or _too_old(generation.state):
        return rebuild()["docs"]
    with _writing():
        state = json.loads(_state_path(generation.path).read_text())
        applied = _apply_since(generation.index, generation.path, state)
    if applied < 0:
        return rebuild()["docs"]
    return applied


def _too_old(state: dict[str, Any]) -> bool:
    from datetime import datetime, timedelta

    synced = datetime.fromisoformat(state["synced_at"])
    keep = timedelta(days=int(getattr(settings, "SEARCH_OUTBOX_DAYS", 7)) - 1)
    return timezone.now() - synced > keep


def _apply_since(index: tantivy.Index, path: Path, state: dict[str, Any]) -> int:
    """Apply outbox rows after the state's position; -1 when more than SEARCH_ENGINE_SYNC_MAX wait."""
    limit = int(getattr(settings, "SEARCH_ENGINE_SYNC_MAX", 200_000))
    changed, position = outbox.since(outbox.Position.from_dict(state["position"]), limit=limit)
    if len(changed) > limit:
        return -1
    keys = {(kind, object_id) for _, kind, object_id in changed}
    if keys:
        writer = index.writer(heap_size=min(_heap(), 64_000_000), num_threads=1)
        for kind, object_id in keys:
            writer.delete_documents_by_term("key", key(kind, object_id))
        for row in entries_of(keys):
            writer.add_document(document(row, row_tokens(row)))
        writer.commit()
        writer.wait_merging_threads()
    state["position"] = position.as_dict()
    state["synced_at"] = timezone.now().isoformat()
    if keys:
        index.reload()
        state["docs"] = index.searcher().num_docs
    _write_state(path, state)
    return len(keys)


def entries_of(keys: Iterable[tuple[str, int]]) -> Iterator[dict[str, Any]]:
    """The stored rows of these (kind, object_id) keys that still exist."""
    by_kind: dict[str, list[int]] = {}
    for kind, object_id in keys:
        by_kind.setdefault(kind, []).append(object_id)
    for kind, ids in by_kind.items():
        for start in range(0, len(ids), 1000):
            yield from rows(SearchEntry.objects.filter(kind=kind, object_id__in=ids[start : start + 1000]))


def status() -> dict[str, Any]:
    generation = live()
    if generation is None:
        return {"engine": "tantivy", "dir": str(engine_dir()), "built": False}
    searcher = generation.index.searcher()
    size = sum(f.stat().st_size for f in generation.path.iterdir() if f.is_file())
    return {
        "engine": "tantivy",
        "dir": str(generation.path),
        "built": True,
        "docs": searcher.num_docs,
        "segments": searcher.num_segments,
        "bytes": size,
        "database": connection.vendor,
        **{k: generation.state[k] for k in ("built_at", "synced_at", "build_seconds") if k in generation.state},
    }
