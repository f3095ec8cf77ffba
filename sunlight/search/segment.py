"""Chinese segmentation for search: one process-wide rjieba (jieba-rs) with the government dictionary.

Index side uses search mode (``cut_for_search``), so 人民政府 also yields 人民 and 政府; query
side uses the coarse cut, so a query word is looked up as the word a reader typed. Both sides go
through the same normalisation (NFKC, Latin lowercased, punctuation and stopwords dropped), which
is what makes a query token equal to an index token.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import rjieba

DICT_PATH = Path(__file__).resolve().parent / "data" / "gov_dict.txt"

# Standalone function words that carry no meaning for retrieval. Kept short on purpose: a word
# dropped here can never be found.
STOPWORDS = frozenset(
    "的 了 和 与 及 等 是 在 对 为 将 把 被 或 以 于 之 其 也 而 并 就 都 这 那 个 着 过 得 地 吗 呢 吧 啊 呀 "
    "等等 以及 及其 a an the of and or to in on for is are be by with".split()
)
# Default frequency for dictionary lines without one: high enough that the term wins over the
# pieces jieba's base dictionary would cut it into.
DEFAULT_FREQ = 20000

_lock = threading.Lock()
_jieba: rjieba.Jieba | None = None
# Dictionary term → the shorter known words inside it (how the base dictionary alone would cut
# it, and other dictionary terms inside it); used to cover a long query term by shorter words.
_subwords: dict[str, tuple[str, ...]] = {}


def _read_dictionary(path: Path) -> list[tuple[str, int | None, str | None]]:
    terms = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        word = normalize_text(unicodedata.normalize("NFKC", parts[0]))
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        terms.append((word, freq, tag))
    return terms


def _load() -> rjieba.Jieba:
    global _jieba
    if _jieba is not None:
        return _jieba
    with _lock:
        if _jieba is None:
            jieba = rjieba.Jieba()
            terms = _read_dictionary(DICT_PATH)
            words = {w for w, _, _ in terms}
            # How the base dictionary alone cuts each long term, computed before the term exists.
            base_cuts = {w: [p for p in jieba.cut(w, False) if len(p) >= 2 and p != w] for w in words if len(w) >= 4}
            for word, freq, tag in terms:
                jieba.add_word(word, freq or DEFAULT_FREQ, tag or "n")
            subwords: dict[str, tuple[str, ...]] = {}
            for word in words:
                inner = [o for o in words if len(o) >= 3 and o != word and o in word]
                parts = tuple(dict.fromkeys(base_cuts.get(word, []) + inner))
                if parts:
                    subwords[word] = parts
            _subwords.update(subwords)
            _jieba = jieba  # published last, so other threads never see a half-loaded instance
    return _jieba


# Full-width letters and digits and the ideographic space, folded to ASCII. Cheaper than NFKC on
# every document; full-width punctuation needs no folding because it never survives into a token.
_FULLWIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000]")
_FOLD = {
    cp: cp - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)) for cp in range(r[0], r[1] + 1)
}
_FOLD[0x3000] = 0x20


def normalize_text(text: str) -> str:
    """Full-width → half-width letters/digits and Latin lowercase, for index and query text alike."""
    if _FULLWIDTH.search(text):
        text = text.translate(_FOLD)
    return text.lower()


def _clean(token: str) -> str:
    # Only letters and digits survive inside a token, so the FTS5 tokenizer (ascii: splits on
    # ASCII punctuation and spaces) never splits one, and no token can look like a filter (k=v).
    if token.isalnum():
        return token
    return "".join(ch for ch in token if ch.isalnum())


# Coarse word → its index forms, space-joined ("" when dropped): the search-mode parts (every
# 2- and 3-character dictionary word inside it, exactly as jieba's cut_for_search emits them), the
# word itself, and the longer known words inside a dictionary term. The vocabulary of real text
# is bounded, so after warm-up a word costs one dict lookup in C instead of Python code; this
# makes indexing about twice as fast as calling cut_for_search and normalising its output.
_forms: dict[str, str] = {}
MAX_CACHED_FORMS = 2_000_000


def _index_forms(word: str) -> str:
    jieba = _load()
    n = len(word)
    pieces = []
    # Search mode: the 2- and 3-character dictionary words inside (as jieba's cut_for_search);
    # beyond it, every longer dictionary word inside, so 人力资源 is found in
    # 人力资源和社会保障局 and 中华人民共和国 in 中华人民共和国政府.
    for size in range(2, n):
        pieces += [word[i : i + size] for i in range(n - size + 1) if jieba.has_word(word[i : i + size])]
    pieces.append(word)
    out = []
    for piece in pieces:
        token = _clean(piece)
        if token and token not in STOPWORDS:
            out.append(token)
    return " ".join(dict.fromkeys(out))


def _normalized(tokens: Iterable[str]) -> list[str]:
    out = []
    for raw in tokens:
        token = _clean(raw)
        if token and token not in STOPWORDS:
            out.append(token)
    return out


def _words(text: str) -> list[str]:
    return _load().cut(normalize_text(text), True)


def _forms_of(words: list[str]) -> Iterable[str]:
    forms = _forms
    missing = set(words).difference(forms)
    if missing:
        new = {word: _index_forms(word) for word in missing}
        if len(forms) < MAX_CACHED_FORMS:
            forms.update(new)  # only ever grows: no thread can see an entry vanish
        else:
            return [new[w] if w in new else forms[w] for w in words]
    return map(forms.__getitem__, words)


def index_string(text: str) -> str:
    """Index tokens of `text`, space-joined in text order (what the FTS5 columns hold)."""
    if not text:
        return ""
    return " ".join(filter(None, _forms_of(_words(text))))


def index_tokens(text: str) -> list[str]:
    """Tokens to index, in text order, repeated as they occur (search mode: words and their parts)."""
    return index_string(text).split()


def distinct_words(text: str) -> set[str]:
    """The distinct coarse words of `text` (for backends that index each token once)."""
    return set(_words(text)) if text else set()


def forms_of(words: Iterable[str]) -> Iterable[str]:
    """For each coarse word its index forms, space-joined ("" when the word is dropped)."""
    return _forms_of(list(words))


def query_terms(text: str) -> list[str]:
    """The distinct words of a query (coarse cut), normalised like index tokens."""
    if not text:
        return []
    jieba = _load()
    return list(dict.fromkeys(_normalized(jieba.cut(normalize_text(text), True))))


def term_parts(term: str) -> list[str]:
    """Shorter words that together cover a long query term, for matching text segmented otherwise.

    In a document 人力资源 may sit inside 人力资源和社会保障局, which search mode only splits into
    2–3 character parts; the query then also accepts 人力 AND 资源. Single characters are left out.
    """
    if len(term) < 3:
        return []
    jieba = _load()
    pieces = {p for p in (_clean(x) for x in jieba.cut_for_search(term, False)) if len(p) >= 2 and p != term}
    pieces.update(_subwords.get(term, ()))
    pieces.discard(term)
    cover: list[str] = []
    i = 0
    while i < len(term):
        best = max((p for p in pieces if term.startswith(p, i)), key=len, default=None)
        if best is None:
            i += 1
        else:
            cover.append(best)
            i += len(best)
    return cover if len(cover) >= 2 else []


_CJK_OR_WORD = re.compile(r"\w+")


def chunks(text: str) -> list[str]:
    """Runs of letters/digits/CJK in a query, normalised (used by the spelling suggestion)."""
    return [c.replace("_", "") for c in _CJK_OR_WORD.findall(normalize_text(text)) if c.replace("_", "")]


def warm_up() -> None:
    """Load the dictionary now (workers and benchmarks call this so the first query is not slow)."""
    _load()
