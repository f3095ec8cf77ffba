"""The items list, the new-item and edit forms, the readers' corrections, and who may open any of it."""

import pytest
from django.urls import reverse

from sunlight.catalog import actions
from sunlight.catalog.elements import of_version
from sunlight.catalog.models import GuideFeedback, ServiceItem, ServiceItemVersion
from sunlight.catalog.tests import builders


def test_the_list_shows_only_the_users_own_items(client, crew):
    builders.drafted(crew.org, crew.editor, name="东区的事项")
    west = builders.drafted(
        crew.org.__class__.objects.get(pk=crew.outsider.memberships.first().org_id),
        crew.outsider,
        name="西区的事项",
        basic_code="XK00002000",
    )
    client.force_login(crew.editor)
    text = client.get(reverse("catalog_wb:items")).content.decode()
    assert "东区的事项" in text
    assert "西区的事项" not in text and west.item.code not in text


def test_the_list_filters_by_status_and_searches_by_name(client, crew):
    builders.published(crew.org, crew.editor, crew.reviewer, name="食品经营许可")
    builders.drafted(crew.org, crew.editor, name="药品零售许可", basic_code="XK00003000")
    client.force_login(crew.editor)
    drafts = client.get(reverse("catalog_wb:items"), {"status": "draft"}).content.decode()
    assert "药品零售许可" in drafts and "食品经营许可" not in drafts
    found = client.get(reverse("catalog_wb:items"), {"q": "食品"}).content.decode()
    assert "食品经营许可" in found and "药品零售许可" not in found
    assert "export.xlsx?q=" in found


def test_a_bad_org_filter_is_a_404_not_a_500(client, crew):
    client.force_login(crew.editor)
    assert client.get(reverse("catalog_wb:items"), {"org": "１２"}).status_code == 404


def test_a_full_new_item_form_creates_a_draft_and_shows_its_page(client, crew):
    builders.food_law()
    client.force_login(crew.editor)
    assert client.get(reverse("catalog_wb:new")).status_code == 200
    post = builders.workbench_post(org=crew.org.pk, basic_code="XK00001000", tier="main", reason="新设事项")
    answer = client.post(reverse("catalog_wb:new"), post)
    assert answer.status_code == 302, answer.content.decode()[:3000]
    version = ServiceItemVersion.objects.get()
    assert answer.url == reverse("catalog_wb:version", args=[version.pk])
    assert version.state == "draft" and version.item.org == crew.org
    assert of_version(version) == builders.data()
    assert version.violations == []


def test_a_new_item_with_an_impossible_value_is_refused_with_a_chinese_message(client, crew):
    client.force_login(crew.editor)
    post = builders.workbench_post(org=crew.org.pk, basic_code="XK00001000", tier="main", reason="新设事项")
    post["steps-0-name"] = ""  # a step with an actor but no name
    answer = client.post(reverse("catalog_wb:new"), post)
    assert answer.status_code == 400
    assert "办理流程第1行" in answer.content.decode()
    assert not ServiceItem.objects.exists()


def test_a_new_item_for_another_orgs_org_is_refused(client, crew):
    client.force_login(crew.editor)
    other = crew.outsider.memberships.first().org_id
    post = builders.workbench_post(org=other, basic_code="XK00001000", tier="main", reason="新设事项")
    assert client.post(reverse("catalog_wb:new"), post).status_code == 400
    assert not ServiceItem.objects.exists()


def test_editing_a_draft_saves_its_elements_and_recomputes_the_rules(client, crew):
    version = builders.drafted(crew.org, crew.editor)
    client.force_login(crew.editor)
    page = client.get(reverse("catalog_wb:edit", args=[version.pk]))
    assert page.status_code == 200 and "食品经营许可申请书" in page.content.decode()
    post = builders.workbench_post(promised_limit=30)
    answer = client.post(reverse("catalog_wb:edit", args=[version.pk]), post)
    assert answer.status_code == 302
    version.refresh_from_db()
    assert version.promised_limit == 30
    assert "limit.promised_within_statutory" in version.violations


def test_a_published_version_cannot_be_edited(client, crew):
    version = builders.published(crew.org, crew.editor, crew.reviewer)
    client.force_login(crew.editor)
    answer = client.post(reverse("catalog_wb:edit", args=[version.pk]), builders.workbench_post(promised_limit=5))
    assert answer.status_code == 409
    version.refresh_from_db()
    assert version.promised_limit == 10


def _feedback(crew):
    version = builders.published(crew.org, crew.editor, crew.reviewer)
    return actions.report_guide_error(ServiceItem.objects.get(pk=version.item_id), text="电话号码错了")


def test_an_editor_handles_a_readers_correction(client, crew):
    feedback = _feedback(crew)
    client.force_login(crew.editor)
    assert "电话号码错了" in client.get(reverse("catalog_wb:feedback")).content.decode()
    answer = client.post(
        reverse("catalog_wb:feedback"), {"feedback": feedback.pk, f"f{feedback.pk}-note": "已更正电话"}
    )
    assert answer.status_code == 302
    feedback.refresh_from_db()
    assert feedback.handled_note == "已更正电话" and feedback.handled_at is not None


def test_handling_a_correction_without_a_note_is_refused(client, crew):
    feedback = _feedback(crew)
    client.force_login(crew.editor)
    answer = client.post(reverse("catalog_wb:feedback"), {"feedback": feedback.pk})
    assert answer.status_code == 400
    assert GuideFeedback.objects.get().handled_at is None


def test_another_orgs_editor_does_not_see_the_correction(client, crew):
    feedback = _feedback(crew)
    client.force_login(crew.outsider)
    assert "电话号码错了" not in client.get(reverse("catalog_wb:feedback")).content.decode()
    answer = client.post(reverse("catalog_wb:feedback"), {"feedback": feedback.pk, f"f{feedback.pk}-note": "x"})
    assert answer.status_code == 404
    assert GuideFeedback.objects.get().handled_at is None


def _staff_urls(version):
    item = version.item_id
    return [
        ("get", reverse("catalog_wb:version", args=[version.pk])),
        ("get", reverse("catalog_wb:edit", args=[version.pk])),
        ("post", reverse("catalog_wb:edit", args=[version.pk])),
        ("post", reverse("catalog_wb:version_act", args=[version.pk, "submit"])),
        ("post", reverse("catalog_wb:version_act", args=[version.pk, "return"])),
        ("post", reverse("catalog_wb:version_act", args=[version.pk, "publish"])),
        ("post", reverse("catalog_wb:item_act", args=[item, "change"])),
        ("post", reverse("catalog_wb:item_act", args=[item, "suspend"])),
        ("post", reverse("catalog_wb:item_act", args=[item, "cancel"])),
    ]


@pytest.mark.parametrize("who", ["outsider", "citizen", "anonymous"])
def test_an_outsider_is_refused_on_every_staff_url(client, crew, cast, who):
    version = builders.published(crew.org, crew.editor, crew.reviewer)
    if who == "outsider":
        client.force_login(crew.outsider)
    elif who == "citizen":
        client.force_login(cast.citizen)
    for method, url in _staff_urls(version):
        answer = getattr(client, method)(url, {"reason": "x", "change-reason": "x", "cancel-reason": "x"})
        assert answer.status_code in (302, 403, 404), url
        if answer.status_code == 302:
            assert who == "anonymous" and "login" in answer.url, url
    for url in (
        reverse("catalog_wb:items"),
        reverse("catalog_wb:feedback"),
        reverse("catalog_wb:new"),
        reverse("catalog_wb:report"),
    ):
        answer = client.get(url)
        if who == "outsider":
            assert answer.status_code in (200, 403), url  # their own (empty) pages
        else:
            assert answer.status_code in (302, 403), url
    assert ServiceItemVersion.objects.count() == 1
    assert ServiceItem.objects.get().status == "active"
