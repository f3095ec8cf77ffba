"""Shared settings (calendar, taxonomies, word lists, law tables) bind every org: only the top org's admins edit them.

The cast's city (云川市人民政府) is the root of the tree, so its admin edits; an admin of 云湖区 views and proposes.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from sunlight.clock.actions import set_workday
from sunlight.clock.models import WorkDay
from sunlight.disclosure.models import SensitiveWord, Topic
from sunlight.events.models import Event
from sunlight.notify.models import Todo
from sunlight.orgs.models import Membership, Role
from sunlight.orgs.shared import can_edit_shared_settings
from sunlight.workbench.models import SettingProposal
from sunlight.workbench.proposals import accept_proposal, decline_proposal, propose_setting_change


@pytest.fixture
def west_admin(cast):
    from sunlight.accounts.models import User

    user = User.objects.create_user(
        "westadmin", password=cast.password, kind=User.Kind.STAFF, display_name="吴湖管", is_staff=True
    )
    Membership.objects.create(user=user, org=cast.west, role=Role.ADMIN)
    return user


SHARED_CHANGELISTS = [
    "clock_workday",
    "disclosure_topic",
    "disclosure_genre",
    "disclosure_keyarea",
    "disclosure_sensitiveword",
    "requests_outcome",
    "requests_statutorylimit",
    "orgs_region",
    "search_synonym",
]


@pytest.mark.parametrize("name", SHARED_CHANGELISTS)
def test_a_district_admin_may_view_a_shared_setting_but_not_add_or_change_it(client, cast, west_admin, name):
    client.force_login(west_admin)
    listing = client.get(reverse(f"admin:{name}_changelist"))
    assert listing.status_code == 200
    model_admin = listing.context["cl"].model_admin
    request = listing.wsgi_request
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert client.get(reverse(f"admin:{name}_add")).status_code == 403


def test_a_district_admin_cannot_post_a_change_to_the_word_list(client, cast, west_admin):
    word = SensitiveWord.objects.create(word="内部资料")
    client.force_login(west_admin)
    response = client.post(
        reverse("admin:disclosure_sensitiveword_change", args=[word.pk]),
        {"word": "已改", "note": "", "is_active": "on"},
    )
    assert response.status_code == 403
    word.refresh_from_db()
    assert word.word == "内部资料"


def test_a_district_admin_cannot_set_a_working_day_even_through_the_action(cast, west_admin):
    with pytest.raises(PermissionDenied):
        set_workday(date(2026, 10, 10), is_workday=False, note="区里自定", by=west_admin)


def test_the_top_orgs_admin_and_superusers_edit_shared_settings(client, cast, west_admin):
    from sunlight.accounts.models import User

    assert can_edit_shared_settings(cast.admin)
    assert can_edit_shared_settings(User.objects.create_superuser("root", password=cast.password))
    assert not can_edit_shared_settings(west_admin)
    client.force_login(cast.admin)
    assert client.get(reverse("admin:disclosure_sensitiveword_add")).status_code == 200


def test_a_setting_names_the_org_whose_admins_edit_shared_settings(settings, cast, west_admin):
    settings.SHARED_SETTINGS_ORG = cast.west.credit_code
    assert can_edit_shared_settings(west_admin)
    assert can_edit_shared_settings(cast.admin)  # an admin of an ancestor acts across the subtree
    east_admin = cast.add_staff("eastadmin", cast.east, Role.ADMIN)
    assert not can_edit_shared_settings(east_admin)
    settings.SHARED_SETTINGS_ORG = str(cast.east.pk)
    assert can_edit_shared_settings(east_admin) and not can_edit_shared_settings(west_admin)


def test_a_district_admin_proposes_a_new_word_and_the_top_admin_accepts_it(
    client, cast, west_admin, django_capture_on_commit_callbacks
):
    client.force_login(west_admin)
    page = client.get(reverse("admin:disclosure_sensitiveword_changelist")).content.decode()
    assert "建议新增" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:disclosure_sensitiveword_propose_new"),
            {"word": "低保名单", "note": "常见泄露", "is_active": "on", "reason": "区里多次发现"},
        )
    assert response.status_code == 302
    proposal = SettingProposal.objects.get()
    assert proposal.status == "open" and proposal.changes["word"] == "低保名单" and proposal.proposed_by == west_admin
    assert Event.objects.filter(verb="settings.propose", object_id=str(proposal.pk)).exists()
    todo = Todo.objects.get(user=cast.admin, key=f"setting-proposal:{proposal.pk}")
    assert not SensitiveWord.objects.filter(word="低保名单").exists()

    # The proposer cannot decide their own proposal.
    assert (
        client.post(
            reverse("admin:workbench_settingproposal_decide", args=[proposal.pk]), {"decision": "accept"}
        ).status_code
        == 403
    )

    client.force_login(cast.admin)
    page = client.get(todo.url).content.decode()
    assert "采纳并生效" in page and "低保名单" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:workbench_settingproposal_decide", args=[proposal.pk]), {"decision": "accept"}
        )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "accepted" and proposal.decided_by == cast.admin
    word = SensitiveWord.objects.get(word="低保名单")
    assert word.is_active and word.note == "常见泄露"
    assert Event.objects.filter(verb="disclosure.sensitive_word.create", actor=cast.admin).exists()
    assert Todo.objects.get(key=f"setting-proposal:{proposal.pk}", user=cast.admin).done_at is not None
    assert Todo.objects.filter(
        user=west_admin, key=f"setting-proposal:{proposal.pk}:decided", done_at__isnull=True
    ).exists()


def test_an_accepted_calendar_proposal_goes_through_set_workday(client, cast, west_admin):
    row = WorkDay.objects.filter(date__year=2026, is_workday=True).order_by("date").first()
    client.force_login(west_admin)
    url = reverse("admin:clock_workday_propose", args=[row.pk])
    change_page = client.get(reverse("admin:clock_workday_change", args=[row.pk])).content.decode()
    assert f'href="{url}"' in change_page and "提出修改建议" in change_page
    client.force_login(cast.admin)
    assert "提出修改建议" not in client.get(reverse("admin:clock_workday_change", args=[row.pk])).content.decode()
    client.force_login(west_admin)
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"date": row.date.isoformat(), "note": "当地放假", "reason": "市政府通知"}
    )  # is_workday unticked
    assert response.status_code == 302
    proposal = SettingProposal.objects.get()
    assert proposal.changes == {"is_workday": False, "note": "当地放假"}
    accept_proposal(proposal, by=cast.admin)
    row.refresh_from_db()
    assert not row.is_workday and row.note == "当地放假"
    assert Event.objects.filter(verb="calendar.set_workday", actor=cast.admin).exists()


def test_a_proposal_to_change_a_topic_is_declined_with_a_reason(cast, west_admin):
    topic = Topic.objects.order_by("pk").first()
    proposal = propose_setting_change(
        by=west_admin, label="disclosure.topic", obj=topic, changes={"name": "新名称"}, reason="更贴切"
    )
    with pytest.raises(Exception, match="理由"):
        decline_proposal(proposal, by=cast.admin, reason=" ")
    decline_proposal(proposal, by=cast.admin, reason="与国家分类不一致")
    proposal.refresh_from_db()
    topic.refresh_from_db()
    assert proposal.status == "declined" and proposal.decision_reason == "与国家分类不一致" and topic.name != "新名称"
    assert Event.objects.filter(verb="settings.decline").exists()


def test_only_admins_propose_and_only_editors_decide(cast, west_admin):
    with pytest.raises(PermissionDenied):
        propose_setting_change(
            by=cast.clerk, label="disclosure.sensitiveword", obj=None, changes={"word": "x"}, reason="y"
        )
    proposal = propose_setting_change(
        by=west_admin, label="disclosure.sensitiveword", obj=None, changes={"word": "x"}, reason="y"
    )
    with pytest.raises(PermissionDenied):
        accept_proposal(proposal, by=west_admin)


def test_another_district_admin_does_not_see_a_proposal(client, cast, west_admin):
    east_admin = cast.add_staff("eastadmin", cast.east, Role.ADMIN)
    proposal = propose_setting_change(
        by=east_admin, label="disclosure.sensitiveword", obj=None, changes={"word": "x"}, reason="y"
    )
    client.force_login(west_admin)
    assert client.get(reverse("admin:workbench_settingproposal_change", args=[proposal.pk])).status_code == 302
    assert (
        client.post(
            reverse("admin:workbench_settingproposal_decide", args=[proposal.pk]),
            {"decision": "decline", "reason": "z"},
        ).status_code
        == 404
    )
