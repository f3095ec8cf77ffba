"""The demo step: a concluded consultation with its final document, an open one, a hearing with its record; once."""

from __future__ import annotations

import pytest

from sunlight.consultations.demo import build_consultations
from sunlight.consultations.models import Comment, Consultation, Hearing
from sunlight.demo.build import build_demo


@pytest.mark.django_db
def test_the_demo_tells_two_consultations_and_a_hearing_once():
    build_demo()
    assert build_consultations(2) == 3
    assert build_consultations(2) == 0
    assert Consultation.objects.count() == 2 and Hearing.objects.count() == 1
    concluded = Consultation.objects.get(status="concluded")
    assert concluded.final_document is not None and concluded.report.intro
    assert set(concluded.points.values_list("decision", flat=True)) == {"adopted", "partly", "not_adopted"}
    assert Consultation.objects.filter(status="open").exists()
    assert Comment.objects.filter(moderation="pending").exists()
    assert Comment.objects.filter(moderation="rejected").exists()
    assert not Comment.objects.filter(public_text__contains="13812345678").exists()
    assert Hearing.objects.get().record_published_at is not None
