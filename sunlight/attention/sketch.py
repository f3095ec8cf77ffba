"""A letter's keywords and MinHash signature, and keeping the daily counts and band keys in step with it.

Keywords: the segmented subject and content (the search module's segmenter and dictionary), words of two or more
characters that are not numbers or common function words, the subject's words counted three times; the top
KEYWORDS by count. MinHash: PERMUTATIONS hash functions (a·x + b mod p, p the largest 32-bit prime) over the CRC-32
of each pair of consecutive words; LSH: BANDS bands of ROWS rows, each band one signed 64-bit key."""

from __future__ import annotations

import hashlib
import zlib
from collections import Counter
from collections.abc import Iterable

import numpy as np
from django.db import connection, transaction

from sunlight.search.segment import query_terms

from .models import LetterBand, LetterSketch

KEYWORDS = 8
PERMUTATIONS, BANDS = 64, 16
ROWS = PERMUTATIONS // BANDS
PRIME = 4294967291
_rng = np.random.default_rng(20261205)  # fixed: signatures must compare across processes and runs
A = _rng.integers(1, PRIME, PERMUTATIONS, dtype=np.int64)
B = _rng.integers(0, PRIME, PERMUTATIONS, dtype=np.int64)
STOP = frozenset(
    "我们 你们 他们 这个 那个 一个 没有 什么 怎么 为什么 可以 希望 请问 问题 情况 有关 相关 已经 现在 目前 进行 "
    "工作 部门 领导 政府 您好 你好 谢谢 感谢 反映 要求 请求 能否 是否 还是 但是 而且 因为 所以 如果 这样 一直 "
    "非常 比较 影响 目前 我家 本人 自己 时候 时间 今年 去年 每天 多次 一下 解决 以来 以后 以前 仍然 仍在 尽快 "
    "附近 长期 这里 那里 一些 有人 大家 需要 能够 还有 所有 已经 不能 不是 我们的 一样 其他 以及 对于 关于 只有 十几 "
    "哪些 一家 家住 如何 怎样".split()
)


def words(text: str) -> list[str]:
    return [w for w in query_terms(text) if len(w) >= 2 and not w.isdigit() and w not in STOP]


def keywords(subject: str, content: str) -> list[str]:
    counts = Counter(words(content))
    for w in words(subject):
        counts[w] += 3
    return [w for w, _n in counts.most_common(KEYWORDS)]


def signature(subject: str, content: str) -> np.ndarray:
    seq = words(f"{subject} {content}")
    shingles = {f"{a}|{b}" for a, b in zip(seq, seq[1:], strict=False)} or set(seq) or {"-"}
    x = np.fromiter((zlib.crc32(s.encode()) for s in shingles), dtype=np.int64, count=len(shingles))
    return ((np.outer(A, x) + B[:, None]) % PRIME).min(axis=1).astype(np.uint32)


def band_keys(sig: np.ndarray) -> list[int]:
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(
            band.to_bytes(1, "big") + sig[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=8
        )
        keys.append(int.from_bytes(digest.digest(), "big", signed=True))
    return keys


def similarity(a: bytes | np.ndarray, b: bytes | np.ndarray) -> float:
    """The estimated Jaccard similarity of two letters' word pairs: the share of equal MinHash values."""
    x = np.frombuffer(a, dtype=np.uint32) if isinstance(a, bytes | memoryview) else a
    y = np.frombuffer(b, dtype=np.uint32) if isinstance(b, bytes | memoryview) else b
    return float((x == y).mean())


def scopes(org_id: int, region_id: int | None) -> list[str]:
    return ["all", f"o{org_id}"] + ([f"r{region_id}"] if region_id else [])


def _bump(rows: Iterable[tuple], sign: int = 1) -> None:
    """Add `n` (or take it away, sign -1) to each (day, scope, term, n), as one statement per batch."""
    rows = list(rows)
    table = "attention_termday"
    with connection.cursor() as c:
        if sign < 0:
            for day, scope, term, n in rows:
                c.execute(
                    f'UPDATE {table} SET "n" = "n" - %s WHERE "scope" = %s AND "day" = %s AND "term" = %s AND "n" >= %s',
                    [n, scope, day, term, n],
                )
            return
        for i in range(0, len(rows), 250):
            chunk = rows[i : i + 250]
            values = ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
            c.execute(
                f'INSERT INTO {table} ("day", "scope", "term", "n") VALUES {values} '
                f'ON CONFLICT ("scope", "day", "term") DO UPDATE SET "n" = {table}."n" + excluded."n"',
                [p for row in chunk for p in row],
            )


def _counts(day, org_id, region_id, terms: list[str]) -> list[tuple]:
    return [(day, scope, term) for scope in scopes(org_id, region_id) for term in terms]


@transaction.atomic
def index_letter(letter) -> LetterSketch:
    """Make or move the letter's sketch: new letters are counted and banded; a letter assigned to another org moves
    its counts from the old org's scope to the new one's."""
    org_id = letter.handler_org_id or letter.mailbox.org_id
    current = LetterSketch.objects.select_for_update().filter(letter_id=letter.pk).first()
    if current is not None:
        if current.org_id != org_id:
            terms = current.terms.split()
            _bump([(current.day, f"o{current.org_id}", t, 1) for t in terms], -1)
            _bump([(current.day, f"o{org_id}", t, 1) for t in terms])
            current.org_id = org_id
            current.save(update_fields=["org_id"])
        return current
    terms = keywords(letter.subject, letter.content)
    sig = signature(letter.subject, letter.content)
    sketch = LetterSketch.objects.create(
        letter_id=letter.pk,
        day=letter.received_on,
        org_id=org_id,
        region_id=letter.region_id,
        terms=f" {' '.join(terms)} ",
        signature=sig.tobytes(),
    )
    _bump([(*key, 1) for key in _counts(letter.received_on, org_id, letter.region_id, terms)])
    LetterBand.objects.bulk_create(
        [LetterBand(key=k, letter_id=letter.pk, day=letter.received_on) for k in band_keys(sig)]
    )
    return sketch


def index_many(letters: Iterable, batch: int = 2000) -> int:
    """Bulk: sketches, counts and bands for letters not yet indexed (benchmark, import, the demo)."""
    done = 0
    pending: list = []

    def flush() -> None:
        nonlocal done
        have = set(
            LetterSketch.objects.filter(letter_id__in=[x.pk for x in pending]).values_list("letter_id", flat=True)
        )
        sketches, bands, counts = [], [], Counter()
        for x in pending:
            if x.pk in have:
                continue
            org_id = x.handler_org_id or x.mailbox.org_id
            terms = keywords(x.subject, x.content)
            sig = signature(x.subject, x.content)
            sketches.append(
                LetterSketch(
                    letter_id=x.pk,
                    day=x.received_on,
                    org_id=org_id,
                    region_id=x.region_id,
                    terms=f" {' '.join(terms)} ",
                    signature=sig.tobytes(),
                )
            )
            bands += [LetterBand(key=k, letter_id=x.pk, day=x.received_on) for k in band_keys(sig)]
            counts.update(_counts(x.received_on, org_id, x.region_id, terms))
        with transaction.atomic():
            LetterSketch.objects.bulk_create(sketches, batch_size=1000)
            LetterBand.objects.bulk_create(bands, batch_size=2000)
            _bump([(*key, n) for key, n in counts.items()])
        done += len(sketches)
        pending.clear()

    for letter in letters:
        pending.append(letter)
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    return done
