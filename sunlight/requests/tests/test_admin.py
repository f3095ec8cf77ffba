"""The law tables in /admin/: org admins may look, only shared-settings editors (superusers, top-org admins) edit, every edit is an event."""

from __future__ import annotations

import pytest

from sunlight.events.models import Event
from sunlight.requests.models import ApplicantType, Outcome, StatutoryLimit

LISTS = ["/admin/requests/outcome/", "/admin/requests/applicanttype/", "/admin/requests/statutorylimit/"]


@pytest.fixture
def root(django_user_model):
    return django_user_model.objects.create_superuser("root", password="Root-password-2026")


@pytest.mark.parametrize("url", LISTS)
def test_an_org_admin_sees_the_law_tables(client, cast, url):
    client.force_login(cast.admin)
    response = client.get(url)
    assert response.status_code == 200


def test_the_outcome_list_shows_the_printed_names(client, cast):
    client.force_login(cast.admin)
    page = client.get("/admin/requests/outcome/").content.decode()
    assert "（三）不予公开 1.属于国家秘密" in page and "（六）其他处理 3.其他" in page


def test_a_district_admin_may_look_at_a_row_but_not_change_it(client, cast):
    """The law tables are shared settings: only the top org's admins (the city here) and superusers change them."""
    from sunlight.orgs.models import Role

    district_admin = cast.add_staff("districtadmin", cast.west, Role.ADMIN)
    district_admin.is_staff = True
    district_admin.save(update_fields=["is_staff"])
    client.force_login(district_admin)
    row = Outcome.objects.get(category="withheld", number=1)
    url = f"/admin/requests/outcome/{row.pk}/change/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"is_active": ""}).status_code == 403
    row.refresh_from_db()
    assert row.is_active


@pytest.mark.parametrize("url", LISTS)
def test_an_outsider_is_sent_to_the_login_page(client, cast, url):
    client.force_login(cast.outsider)
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("url", LISTS)
def test_staff_without_an_admin_role_are_refused(client, cast, url):
    cast.clerk.is_staff = True
    cast.clerk.save(update_fields=["is_staff"])
    client.force_login(cast.clerk)
    assert client.get(url).status_code == 403


def test_nobody_adds_or_deletes_law_rows_in_the_admin(client, db, root):
    client.force_login(root)
    for model in ("outcome", "applicanttype", "statutorylimit"):
        assert client.get(f"/admin/requests/{model}/add/").status_code == 403
    row = StatutoryLimit.objects.get(key="reply")
    assert client.post(f"/admin/requests/statutorylimit/{row.pk}/delete/", {"post": "yes"}).status_code == 403
    types = ApplicantType.objects.get(code="business")
    assert client.post(f"/admin/requests/applicanttype/{types.pk}/change/", {"label": "企业"}).status_code == 403
    assert StatutoryLimit.objects.filter(key="reply").exists()


def test_a_superuser_edits_the_fee_window_rule_and_the_edit_is_recorded(client, db, root):
    client.force_login(root)
    row = StatutoryLimit.objects.get(key="fee_payment")
    response = client.post(
        f"/admin/requests/statutorylimit/{row.pk}/change/", {"days": 20, "counts_toward_clock": "on", "name": "改名"}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.counts_toward_clock and row.name == "缴费期限"  # read-only fields ignore posted values
    event = Event.objects.get(verb="requests.statutory_limit.update")
    assert event.actor == root and event.data["before"] == {"counts_toward_clock": False}


def test_a_superuser_deactivates_an_outcome_and_the_edit_is_recorded(client, db, root):
    client.force_login(root)
    row = Outcome.objects.get(category="other", number=3)
    response = client.post(f"/admin/requests/outcome/{row.pk}/change/", {})
    assert response.status_code == 302
    row.refresh_from_db()
    assert not row.is_active
    assert Event.objects.filter(verb="requests.outcome.update", actor=root).exists()
