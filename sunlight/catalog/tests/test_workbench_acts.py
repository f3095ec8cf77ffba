"""The version page and its acts through the views: a redirect on success; a 4xx, the reason and nothing written
on refusal."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sunlight.catalog.models import ServiceItem, ServiceItemVersion
from sunlight.catalog.tests import builders

V = ServiceItemVersion.State


def _as(client, user):
    client.force_login(user)
    return client


def test_the_version_page_shows_the_elements_state_and_broken_rules(client, crew):
    version = builders.drafted(crew.org, crew.editor, statutory_limit=20, promised_limit=25)
    page = _as(client, crew.editor).get(reverse("catalog_wb:version", args=[version.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "limit.promised_within_statutory" in text
    assert "承诺办结时限不能超过法定办结时限" in text
    assert "市场监督管理部门" in text and "新设事项" in text
    assert reverse("catalog_wb:version_act", args=[version.pk, "submit"]) in text


def test_an_editor_submits_a_draft_and_is_redirected(client, crew):
    version = builders.drafted(crew.org, crew.editor)
    url = reverse("catalog_wb:version_act", args=[version.pk, "submit"])
    answer = _as(client, crew.editor).post(url)
    assert answer.status_code == 302
    assert answer.url == reverse("catalog_wb:version", args=[version.pk])
    version.refresh_from_db()
    assert version.state == V.SUBMITTED


def test_a_get_on_an_act_is_sent_back_to_the_version_page(client, crew):
    version = builders.drafted(crew.org, crew.editor)
    answer = _as(client, crew.editor).get(reverse("catalog_wb:version_act", args=[version.pk, "submit"]))
    assert answer.status_code == 302
    version.refresh_from_db()
    assert version.state == V.DRAFT


def test_an_unknown_act_is_not_found(client, crew):
    version = builders.drafted(crew.org, crew.editor)
    assert (
        _as(client, crew.editor).post(reverse("catalog_wb:version_act", args=[version.pk, "delete"])).status_code == 404
    )
    assert (
        _as(client, crew.editor).post(reverse("catalog_wb:item_act", args=[version.item_id, "split"])).status_code
        == 404
    )


def test_a_reviewer_returns_a_submitted_version_with_a_note(client, crew):
    version = builders.drafted(crew.org, crew.editor)
    _as(client, crew.editor).post(reverse("catalog_wb:version_act", args=[version.pk, "submit"]))
    answer = _as(client, crew.reviewer).post(
        reverse("catalog_wb:version_act", args=[version.pk, "return"]), {"note": "材料清单不全"}
    )
    assert answer.status_code == 302
    version.refresh_from_db()
    assert version.state == V.DRAFT and version.review_note == "材料清单不全"


def test_a_return_without_a_note_is_refused_and_nothing_is_written(client, crew):
    version = builders.drafted(crew.org, crew.editor)
    _as(client, crew.editor).post(reverse("catalog_wb:version_act", args=[version.pk, "submit"]))
    answer = _as(client, crew.reviewer).post(
        reverse("catalog_wb:version_act", args=[version.pk, "return"]), {"note": ""}
    )
    assert answer.status_code == 400
    assert "error-summary" in answer.content.decode() or "error-message" in answer.content.decode()
    version.refresh_from_db()
    assert version.state == V.SUBMITTED


def test_a_reviewer_publishes_with_today_as_the_effective_date(client, crew):
    version = builders.drafted(crew.org, crew.editor)
    _as(client, crew.editor).post(reverse("catalog_wb:version_act", args=[version.pk, "submit"]))
    today = timezone.localdate()
    answer = _as(client, crew.reviewer).post(
        reverse("catalog_wb:version_act", args=[version.pk, "publish"]), {"effective_from": today.isoformat()}
    )
    assert answer.status_code == 302
    version.refresh_from_db()
    assert version.state == V.PUBLISHED and version.effective_from == today
    assert ServiceItem.objects.get(pk=version.item_id).status == ServiceItem.Status.ACTIVE


def test_a_publication_dated_tomorrow_is_refused_in_place(client, crew):
    version = builders.drafted(crew.org, crew.editor)
    _as(client, crew.editor).post(reverse("catalog_wb:version_act", args=[version.pk, "submit"]))
    tomorrow = timezone.localdate() + timedelta(days=1)
    answer = _as(client, crew.reviewer).post(
        reverse("catalog_wb:version_act", args=[version.pk, "publish"]), {"effective_from": tomorrow.isoformat()}
    )
    assert answer.status_code == 400
    assert "生效日期不能晚于今天" in answer.content.decode()
    version.refresh_from_db()
    assert version.state == V.SUBMITTED


def test_an_editor_cannot_publish_and_sees_why(client, crew):
    version = builders.drafted(crew.org, crew.editor)
    _as(client, crew.editor).post(reverse("catalog_wb:version_act", args=[version.pk, "submit"]))
    answer = client.post(
        reverse("catalog_wb:version_act", args=[version.pk, "publish"]),
        {"effective_from": timezone.localdate().isoformat()},
    )
    assert answer.status_code == 403
    assert "无权" in answer.content.decode()
    version.refresh_from_db()
    assert version.state == V.SUBMITTED


def test_a_version_breaking_a_rule_cannot_be_submitted_and_the_page_names_the_rule(client, crew):
    version = builders.drafted(crew.org, crew.editor, visits=1, visits_reason="")
    answer = _as(client, crew.editor).post(reverse("catalog_wb:version_act", args=[version.pk, "submit"]))
    assert answer.status_code == 422
    assert "visits.reason" in answer.content.decode()
    version.refresh_from_db()
    assert version.state == V.DRAFT


def test_a_change_drafts_the_next_version_and_opens_its_editor(client, crew):
    v1 = builders.published(crew.org, crew.editor, crew.reviewer)
    answer = _as(client, crew.editor).post(
        reverse("catalog_wb:item_act", args=[v1.item_id, "change"]), {"change-reason": "调整收费"}
    )
    v2 = ServiceItemVersion.objects.get(item=v1.item, number=2)
    assert answer.status_code == 302 and answer.url == reverse("catalog_wb:edit", args=[v2.pk])
    assert v2.state == V.DRAFT and v2.operation == "change" and v2.name == v1.name


@pytest.mark.parametrize("act", ["suspend", "cancel"])
def test_a_suspension_or_cancellation_is_drafted_with_its_reason(client, crew, act):
    v1 = builders.published(crew.org, crew.editor, crew.reviewer)
    answer = _as(client, crew.editor).post(
        reverse("catalog_wb:item_act", args=[v1.item_id, act]), {f"{act}-reason": "政策调整"}
    )
    v2 = ServiceItemVersion.objects.get(item=v1.item, number=2)
    assert answer.status_code == 302 and answer.url == reverse("catalog_wb:version", args=[v2.pk])
    assert v2.operation == act and v2.reason == "政策调整"


def test_a_cancellation_without_a_reason_is_refused_and_nothing_is_written(client, crew):
    v1 = builders.published(crew.org, crew.editor, crew.reviewer)
    answer = _as(client, crew.editor).post(reverse("catalog_wb:item_act", args=[v1.item_id, "cancel"]), {})
    assert answer.status_code == 400
    assert ServiceItemVersion.objects.filter(item=v1.item).count() == 1


def test_a_second_change_while_one_is_open_is_refused(client, crew):
    v1 = builders.published(crew.org, crew.editor, crew.reviewer)
    url = reverse("catalog_wb:item_act", args=[v1.item_id, "change"])
    _as(client, crew.editor).post(url, {"change-reason": "一"})
    answer = client.post(url, {"change-reason": "二"})
    assert answer.status_code == 409
    assert ServiceItemVersion.objects.filter(item=v1.item).count() == 2


def test_the_version_page_lists_the_items_other_versions_and_its_life_events(client, crew):
    v1 = builders.published(crew.org, crew.editor, crew.reviewer)
    _as(client, crew.editor).post(
        reverse("catalog_wb:item_act", args=[v1.item_id, "change"]), {"change-reason": "调整"}
    )
    v2 = ServiceItemVersion.objects.get(item=v1.item, number=2)
    text = client.get(reverse("catalog_wb:version", args=[v2.pk])).content.decode()
    assert reverse("catalog_wb:version", args=[v1.pk]) in text
    assert "准营" in text and "法人办事" in text
    assert reverse("catalog_wb:edit", args=[v2.pk]) in text


def test_a_split_from_the_workbench_drafts_new_items_and_the_cancellation(client, crew):
    v1 = builders.published(crew.org, crew.editor, crew.reviewer)
    answer = _as(client, crew.editor).post(
        reverse("catalog_wb:item_act", args=[v1.item_id, "split"]),
        {
            "split-reason": "按新办、延续拆分",
            "split-parts": "XK00001001 食品经营许可（新办）\nXK00001002 食品经营许可（延续）",
        },
    )
    assert answer.status_code == 302
    new = ServiceItem.objects.filter(predecessors=v1.item).order_by("basic_code")
    assert [i.basic_code for i in new] == ["XK00001001", "XK00001002"]
    assert ServiceItemVersion.objects.get(item=v1.item, number=2).operation == "cancel"


def test_a_split_into_one_part_is_refused_and_nothing_is_written(client, crew):
    v1 = builders.published(crew.org, crew.editor, crew.reviewer)
    answer = _as(client, crew.editor).post(
        reverse("catalog_wb:item_act", args=[v1.item_id, "split"]),
        {"split-reason": "拆分", "split-parts": "XK00001001 只有一个"},
    )
    assert answer.status_code == 400
    assert ServiceItem.objects.count() == 1


def test_a_merge_from_the_workbench_makes_one_item_of_two(client, crew):
    a = builders.published(crew.org, crew.editor, crew.reviewer)
    b = builders.published(crew.org, crew.editor, crew.reviewer, basic_code="XK00002000", name="小餐饮登记")
    answer = _as(client, crew.editor).post(
        reverse("catalog_wb:item_act", args=[a.item_id, "merge"]),
        {
            "merge-reason": "合并同类事项",
            "merge-others": [b.item_id],
            "merge-basic_code": "XK00003000",
            "merge-name": "食品经营许可",
        },
    )
    assert answer.status_code == 302
    merged = ServiceItem.objects.get(basic_code="XK00003000")
    assert set(merged.predecessors.all()) == {a.item, b.item}


def test_an_outsider_cannot_split_another_orgs_item(client, crew):
    v1 = builders.published(crew.org, crew.editor, crew.reviewer)
    answer = _as(client, crew.outsider).post(
        reverse("catalog_wb:item_act", args=[v1.item_id, "split"]),
        {"split-reason": "拆分", "split-parts": "XK00001001 甲\nXK00001002 乙"},
    )
    assert answer.status_code == 404
    assert ServiceItem.objects.count() == 1
