"""The demo step: a year of letters through the loop, a burst, a duplicate matter, an old open letter — once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sunlight.cases.days import today
from sunlight.demo.build import build_demo
from sunlight.letters.demo import BURST, DUPLICATE, build_letters
from sunlight.letters.models import Letter


@pytest.mark.django_db
def test_the_demo_writes_a_year_of_letters_through_the_loop_once():
    build_demo()
    assert build_letters(80) == 80
    assert build_letters(80) == 0
    assert Letter.objects.count() == 80
    statuses = set(Letter.objects.values_list("status", flat=True))
    assert {"closed", "replied", "assigned"} <= statuses
    assert Letter.objects.filter(is_published=True).exists()
    assert Letter.objects.filter(subject=BURST[2], received_on__gte=today() - timedelta(days=30)).count() >= 3
    assert Letter.objects.filter(subject=DUPLICATE[2]).count() >= 3
    assert Letter.objects.filter(status__in=Letter.OPEN, received_on__lt=today() - timedelta(days=60)).exists()
    assert set(Letter.objects.values_list("type", flat=True)) == set(Letter.Type.values)
