"""Versions: draft → review → publish; published versions never change; the version in force on any date."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from sunlight.catalog import actions
from sunlight.catalog.models import BasicItem, ServiceItem, ServiceItemVersion
from sunlight.catalog.queries import version_in_force
from sunlight.catalog.tests.builders import changed, data, drafted, published
from sunlight.errors import Conflict, SunlightError
from sunlight.events.models import Event

pytestmark = pytest.mark.django_db


def test_a_new_item_is_a_draft_with_an_issued_implementation_code(crew):
    version = drafted(crew.org, crew.editor)
    item = version.item
    assert version.state == "draft" and version.operation == "add" and item.status == "draft"
    assert item.code.startswith("XK00001000") and len(item.code) == 38
    assert version.citations.get().law is not None


def test_a_reviewer_publishes_and_the_item_is_in_use(crew):
    version = published(crew.org, crew.editor, crew.reviewer, on=date(2025, 1, 1))
    item = ServiceItem.objects.get(pk=version.item_id)
    assert item.status == "active" and item.current_id == version.pk
    assert BasicItem.objects.get(basic_code="XK00001000").name == "食品经营许可"
    assert Event.objects.filter(verb="catalog.publish").count() == 1


def test_a_change_keeps_the_old_version_readable_as_in_force_until(crew):
    first = published(crew.org, crew.editor, crew.reviewer, on=date(2025, 1, 1))
    second = changed(first.item, crew.editor, crew.reviewer, on=date(2026, 3, 1), promised_limit=9)
    first.refresh_from_db()
    assert first.effective_until == date(2026, 3, 1)
    assert version_in_force(first.item, date(2025, 6, 1)).pk == first.pk
    assert version_in_force(first.item, date(2026, 3, 1)).pk == second.pk
    assert version_in_force(first.item, date(2024, 12, 31)) is None


def test_a_published_version_cannot_be_edited(crew):
    version = published(crew.org, crew.editor, crew.reviewer)
    with pytest.raises(Conflict):
        actions.update_draft(version, data(promised_limit=5), by=crew.editor)
    version = ServiceItemVersion.objects.get(pk=version.pk)
    version.promised_limit = 1
    with pytest.raises(Conflict):
        version.save()
    assert ServiceItemVersion.objects.get(pk=version.pk).promised_limit == 10


def test_publishing_an_unreviewed_draft_is_refused(crew):
    version = drafted(crew.org, crew.editor)
    with pytest.raises(Conflict):
        actions.publish_version(version, by=crew.reviewer)
    assert ServiceItemVersion.objects.get(pk=version.pk).state == "draft"


def test_a_version_breaking_a_rule_cannot_be_submitted_and_every_broken_rule_is_named(crew):
    version = drafted(crew.org, crew.editor, promised_limit=30, visits_reason="")
    assert set(version.violations) >= {"limit.promised_within_statutory", "visits.reason"}
    with pytest.raises(actions.RuleViolation) as refused:
        actions.submit_version(version, by=crew.editor)
    assert {"limit.promised_within_statutory", "visits.reason"} <= set(refused.value.rule_ids)
    assert ServiceItemVersion.objects.get(pk=version.pk).state == "draft"


def test_the_drafter_cannot_publish_their_own_version(cast, crew):
    from sunlight.orgs.models import Membership, Role

    Membership.objects.create(user=crew.editor, org=crew.org, role=Role.REVIEWER)
    version = drafted(crew.org, crew.editor)
    actions.submit_version(version, by=crew.editor)
    with pytest.raises(SunlightError):
        actions.publish_version(version, by=crew.editor)


def test_an_outsider_cannot_draft_or_publish_another_orgs_items(crew):
    with pytest.raises(PermissionDenied):
        drafted(crew.org, crew.outsider)
    version = drafted(crew.org, crew.editor)
    actions.submit_version(version, by=crew.editor)
    with pytest.raises(PermissionDenied):
        actions.publish_version(version, by=crew.outsider)
    assert ServiceItem.objects.count() == 1 and ServiceItemVersion.objects.get().state == "submitted"


def test_a_second_implementation_must_keep_the_base_elements(cast, crew):
    from sunlight.orgs.models import Role

    published(crew.org, crew.editor, crew.reviewer)
    west_editor = crew.outsider
    version = drafted(cast.west_center, west_editor, competent_department="别的部门")
    assert "base.identical" in version.violations
    cast.add_staff("westrev", cast.west_center, Role.REVIEWER)
    with pytest.raises(actions.RuleViolation):
        actions.submit_version(version, by=west_editor)


def test_suspend_and_cancel_are_versions_with_reasons(crew):
    first = published(crew.org, crew.editor, crew.reviewer, on=date(2025, 1, 1))
    with pytest.raises(SunlightError):
        actions.suspend_item(first.item, by=crew.editor, reason=" ")
    suspension = actions.suspend_item(first.item, by=crew.editor, reason="系统升级暂停受理")
    actions.submit_version(suspension, by=crew.editor)
    actions.publish_version(suspension, by=crew.reviewer)
    assert ServiceItem.objects.get(pk=first.item_id).status == "suspended"
    cancel = actions.cancel_item(first.item, by=crew.editor, reason="法律修订取消该许可")
    actions.submit_version(cancel, by=crew.editor)
    actions.publish_version(cancel, by=crew.reviewer)
    item = ServiceItem.objects.get(pk=first.item_id)
    assert item.status == "cancelled"
    from django.utils import timezone

    assert version_in_force(item, timezone.localdate()) is None


def test_a_split_issues_new_codes_linked_to_the_old_item(crew):
    first = published(crew.org, crew.editor, crew.reviewer)
    made = actions.split_item(
        first.item,
        [("XK00001001", data(name="食品经营许可（新办）")), ("XK00001002", data(name="食品经营许可（延续）"))],
        by=crew.editor,
        reason="按新办、延续拆分",
    )
    assert [v.operation for v in made] == ["split", "split", "cancel"]
    new_items = [v.item for v in made[:2]]
    assert all(list(i.predecessors.all()) == [first.item] for i in new_items)
    assert len({i.code for i in new_items} | {first.item.code}) == 3


def test_a_merge_makes_one_item_from_several(crew):
    a = published(crew.org, crew.editor, crew.reviewer)
    b = published(crew.org, crew.editor, crew.reviewer, basic_code="XK00002000", name="小餐饮登记")
    made = actions.merge_items(
        [a.item, b.item], data(name="食品经营许可"), by=crew.editor, basic_code="XK00003000", reason="合并同类事项"
    )
    assert made[0].operation == "merge" and "name.unique_in_org" not in made[0].violations
    assert {v.operation for v in made[1:]} == {"cancel"}
