"""/api/v1/consultations: the public list and detail, and a comment posted anonymously, round trip."""

from __future__ import annotations

import pytest

from .. import actions
from ..models import Comment
from . import builders

pytestmark = pytest.mark.django_db
API = "/api/v1/consultations"


def test_a_comment_posted_anonymously_appears_masked_in_the_detail_once_approved(client, dis):
    consultation = builders.opened(dis)
    response = client.post(
        f"{API}/{consultation.pk}/comments",
        {"name": "赵先生", "content": builders.PHONE_COMMENT},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["number"] == 1
    assert response.json()["moderation"] == "pending"
    detail = client.get(f"{API}/{consultation.pk}").json()
    assert detail["comments"] == [] and detail["report"] is None
    actions.moderate_comment(Comment.objects.get(), by=dis.officer, decision="approved")
    detail = client.get(f"{API}/{consultation.pk}").json()
    assert detail["draft_index_number"] == consultation.draft.index_number
    [comment] = detail["comments"]
    assert comment["writer_name"] == "赵先生" and "138****5678" in comment["text"]
    assert "13812345678" not in str(detail)


def test_an_anonymous_comment_without_a_name_or_after_closing_is_refused(client, dis):
    consultation = builders.opened(dis)
    url = f"{API}/{consultation.pk}/comments"
    response = client.post(url, {"content": "意见"}, content_type="application/json")
    assert response.status_code == 400 and response.json()["error"] == "name_required"
    actions.close_consultation(consultation, by=dis.officer, reason="提前结束")
    response = client.post(url, {"name": "赵", "content": "意见"}, content_type="application/json")
    assert response.status_code == 409
    assert client.post(url, {"name": "赵", "content": "字" * 3001}, content_type="application/json").status_code == 422
    assert not Comment.objects.exists()


def test_the_list_is_paginated_and_the_detail_carries_the_report(client, dis):
    consultation = builders.reported(dis)
    builders.opened(dis, title="正在征集")
    builders.planned(dis, title="草拟中")
    listing = client.get(f"{API}/", {"limit": 1}).json()
    assert listing["count"] == 2 and listing["items"][0]["title"] == "正在征集"
    assert client.get(f"{API}/", {"status": "bad"}).status_code == 400
    detail = client.get(f"{API}/{consultation.pk}").json()
    [point] = detail["report"]["points"]
    assert point["decision"] == "partly" and point["reasons"] == "学位按规划分步增加。"
    assert point["comments"] == [1, 2]
    assert client.get(f"{API}/999999").status_code == 404


def test_hearings_are_listed(client, dis):
    builders.hearing(dis)
    body = client.get(f"{API}/hearings").json()
    assert body["count"] == 1 and body["items"][0]["org_name"] == "青溪区人民政府"
