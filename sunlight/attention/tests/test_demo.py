"""The demo step: every demo letter sketched once, the burst on top of the month, the many-writer matter suggested."""

from datetime import timedelta

import pytest

from sunlight.attention.demo import build_attention
from sunlight.attention.models import DuplicateSuggestion, LetterSketch
from sunlight.attention.topics import hot_topics
from sunlight.cases.days import today
from sunlight.demo.build import build_demo
from sunlight.letters.demo import DUPLICATE, build_letters
from sunlight.letters.models import Letter


@pytest.mark.django_db
def test_the_demo_sketches_the_letters_once_and_finds_the_burst_and_the_duplicates():
    build_demo()
    build_letters(80)
    build_attention(1)
    assert LetterSketch.objects.count() == Letter.objects.count() == 80
    assert build_attention(1) == 0
    now = today()
    last = now.replace(day=1) - timedelta(days=1)
    terms = [t.term for t in hot_topics(now.year, now.month)[:5] + hot_topics(last.year, last.month)[:5]]
    assert "供暖" in terms
    assert DuplicateSuggestion.objects.filter(title=DUPLICATE[2]).exists()
