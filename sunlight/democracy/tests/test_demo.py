"""The demo step: residents in 柳塘村, a published evaluation and vote, an open evaluation and vote; once."""

import pytest

from sunlight.demo.build import build_demo
from sunlight.democracy.demo import build_democracy
from sunlight.democracy.models import Evaluation, Proposal, Resident
from sunlight.disclosure.demo import build_documents


@pytest.mark.django_db
def test_the_demo_tells_its_four_stories_once():
    build_demo()
    build_documents(60)
    assert build_democracy(4) == 4
    counts = (Resident.objects.count(), Evaluation.objects.count(), Proposal.objects.count())
    assert build_democracy(4) == 0
    assert (Resident.objects.count(), Evaluation.objects.count(), Proposal.objects.count()) == counts
    assert Resident.objects.filter(org__name__contains="柳塘村", is_active=True).count() == 3
    published = Proposal.objects.get(status="published")
    assert published.result["votes"] == 3 and published.result["passed"] is True
    evaluation = Evaluation.objects.get(status="published")
    assert evaluation.result["total"] == 3 and evaluation.result["satisfied_rate"] == "66.7"
    assert set(Evaluation.objects.values_list("status", flat=True)) == {"published", "open"}
    assert set(Proposal.objects.values_list("status", flat=True)) == {"published", "open"}
