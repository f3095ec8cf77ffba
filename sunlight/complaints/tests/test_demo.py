"""The demo step: eight complaints about cases, windows and staff, in every state, once."""

from __future__ import annotations

import pytest

from sunlight.cases.demo import build_cases
from sunlight.catalog.demo import build_catalog, plans
from sunlight.complaints.demo import build_complaints
from sunlight.complaints.models import Complaint
from sunlight.demo.build import build_demo


@pytest.mark.django_db
def test_the_demo_files_eight_complaints_in_every_state_once():
    build_demo()
    build_catalog(len(plans()))
    build_cases(30)
    assert build_complaints(8) == 8
    assert build_complaints(8) == 0
    assert set(Complaint.objects.values_list("status", flat=True)) == set(Complaint.Status.values)
    assert set(Complaint.objects.values_list("about", flat=True)) == set(Complaint.About.values)
    assert set(Complaint.objects.values_list("channel", flat=True)) == set(Complaint.Channel.values)
    assert set(Complaint.objects.exclude(conclusion="").values_list("conclusion", flat=True)) == set(
        Complaint.Conclusion.values
    )
    assert Complaint.objects.filter(on_time=False).exists() and Complaint.objects.filter(on_time=True).exists()
    assert Complaint.objects.filter(staff_user__username="huang.lei").exists()
    assert Complaint.objects.filter(supervising_org__name="青溪区人民政府").exists()
