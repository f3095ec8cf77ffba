"""Near-duplicate letters: a day's letters look up the year's letters sharing an LSH band, candidates are kept when
their MinHash similarity reaches DUPLICATE_THRESHOLD (or DUPLICATE_SAME_WRITER for letters of one writer), and the
connected letters of one dispatcher become a suggestion staff confirm (letters.group_letters) or dismiss."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

from django.db import connection, transaction

from sunlight.letters.models import Letter

from .models import DuplicateSuggestion, LetterBand, LetterSketch
from .sketch import similarity

DUPLICATE_THRESHOLD = 0.5
DUPLICATE_SAME_WRITER = 0.3
WINDOW_DAYS = 365
CHUNK = 900
KEY_CHUNK = 5000  # under both SQLite's (32,766) and PostgreSQL's (65,535) limit on bound parameters
CANDIDATES = 50


class _Union:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def find_groups(day: date) -> list[tuple[list[int], float, bool]]:
    """[(letter ids oldest first, lowest similarity in the group, same writer)] for the day's letters."""
    today_bands = list(LetterBand.objects.filter(day=day).values_list("key", "letter_id"))
    if not today_bands:
        return []
    keys = sorted({k for k, _ in today_bands})
    by_key: dict[int, set[int]] = defaultdict(set)
    since = day - timedelta(days=WINDOW_DAYS)
    table = LetterBand._meta.db_table
    with connection.cursor() as cursor:  # plain SQL: 80,000 keys a day, model instances would cost a second
        for i in range(0, len(keys), KEY_CHUNK):
            part = keys[i : i + KEY_CHUNK]
            marks = ", ".join(["%s"] * len(part))
            cursor.execute(
                f'SELECT "key", "letter_id" FROM "{table}" WHERE "key" IN ({marks}) AND "day" >= %s AND "day" < %s',
                [*part, since, day],
            )
            for key, letter_id in cursor.fetchall():
                by_key[key].add(letter_id)
    for key, letter_id in today_bands:  # the day's own letters, already in hand
        by_key[key].add(letter_id)
    # Each new letter is compared with the letters it shares the most bands with (at most CANDIDATES): a matter
    # thousands wrote about fills whole buckets, and its newest letters are enough to join the group.
    shared: dict[int, Counter] = defaultdict(Counter)
    # A bucket is read up to CANDIDATES letters (the oldest): enough to join a crowd of copies into one group
    # through union-find, without comparing each of them with every other.
    buckets = {key: sorted(members)[:CANDIDATES] for key, members in by_key.items()}
    for key, letter_id in today_bands:
        for other in buckets.get(key, ()):
            if other != letter_id:
                shared[letter_id][other] += 1
    pairs = {(min(a, b), max(a, b)) for a, counts in shared.items() for b, _n in counts.most_common(CANDIDATES)}
    if not pairs:
        return []
    ids = sorted({x for pair in pairs for x in pair})
    sigs, writers = {}, {}
    for i in range(0, len(ids), CHUNK):
        part = ids[i : i + CHUNK]
        sigs.update(LetterSketch.objects.filter(letter_id__in=part).values_list("letter_id", "signature"))
        writers.update(
            Letter.objects.filter(pk__in=part, writer_user__isnull=False).values_list("pk", "writer_user_id")
        )
    union, low, same = _Union(), {}, set()
    for a, b in pairs:
        if a not in sigs or b not in sigs:
            continue
        s = similarity(bytes(sigs[a]), bytes(sigs[b]))
        one_writer = a in writers and writers.get(a) == writers.get(b)
        if s >= DUPLICATE_THRESHOLD or (one_writer and s >= DUPLICATE_SAME_WRITER):
            union.join(a, b)
            low[(a, b)] = s
            if one_writer:
                same.add((a, b))
    members: dict[int, list[int]] = defaultdict(list)
    for x in union.parent:
        members[union.find(x)].append(x)
    lowest: dict[int, float] = {}
    writer_groups: set[int] = set()
    for (a, _b), s in low.items():
        root = union.find(a)
        lowest[root] = min(s, lowest.get(root, 1.0))
    for a, _b in same:
        writer_groups.add(union.find(a))
    groups = []
    for root, ids_ in members.items():
        if len(ids_) >= 2:
            groups.append((sorted(ids_), round(lowest.get(root, 1.0), 2), root in writer_groups))
    return groups


@transaction.atomic
def suggest(day: date) -> int:
    """Record the day's groups as suggestions, one per dispatcher, skipping letters already grouped or suggested."""
    made = 0
    taken = {
        i
        for ids in DuplicateSuggestion.objects.filter(status="pending").values_list("letter_ids", flat=True)
        for i in ids
    }
    for ids, sim, same_writer in find_groups(day):
        letters = list(Letter.objects.filter(pk__in=ids, group__isnull=True).select_related("mailbox"))
        by_org: dict[int, list[Letter]] = defaultdict(list)
        for x in letters:
            if x.pk not in taken:
                by_org[x.mailbox.org_id].append(x)
        for org_id, rows in by_org.items():
            if len(rows) < 2:
                continue
            title = Counter(x.subject for x in rows).most_common(1)[0][0]
            DuplicateSuggestion.objects.create(
                found_on=day,
                org_id=org_id,
                title=title[:100],
                letter_ids=sorted(x.pk for x in rows),
                similarity=sim,
                same_writer=same_writer,
            )
            taken.update(x.pk for x in rows)
            made += 1
    return made
