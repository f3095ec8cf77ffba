"""Demo: sketch the demo letters that are not yet sketched (the letters demo runs first) and suggest the
near-duplicates of each of the last 60 days."""

from __future__ import annotations

from datetime import timedelta

from sunlight.cases.days import today
from sunlight.letters.models import Letter

from .duplicates import suggest
from .models import DuplicateSuggestion
from .sketch import index_many


def build_attention(count: int) -> int:
    made = index_many(Letter.objects.select_related("mailbox").order_by("pk").iterator(chunk_size=500))
    if not DuplicateSuggestion.objects.exists():
        for n in range(60, 0, -1):
            suggest(today() - timedelta(days=n))
    return made
