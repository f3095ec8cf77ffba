"""Art. 44 (第四十四条): grouping requests for the same information, and turning a group into a draft document."""

import random
from datetime import date
from itertools import combinations

import pytest
from django.core.exceptions import PermissionDenied

from sunlight.disclosure.models import Document
from sunlight.errors import SunlightError
from sunlight.events.models import Event
from sunlight.requests import actions, popular
from sunlight.requests.actions import Applicant
from sunlight.requests.models import InfoRequest

MARCH = date(2026, 3, 2)
SINCE = date(2026, 1, 1)
LOW_INCOME = [
    "请提供2025年城乡低保资金发放明细。",
    "申请公开2025年度城乡低保资金的发放明细",
    "2025年城乡低保资金发放明细表",
]


def person(req, n: int, name: str = "") -> Applicant:
    return Applicant(type=req.person, name=name or f"申请人{n}", id_number=f"11010519900101{n:04d}")


def ask(req, description: str, applicant: Applicant | None = None, org=None, by=None, received_on=MARCH) -> InfoRequest:
    return actions.register(
        by=by or req.officer,
        org=org or req.east,
        applicant=applicant or req.applicant,
        channel=InfoRequest.Channel.IN_PERSON,
        received_on=received_on,
        description=description,
        format="electronic",
        delivery="email",
    )


@pytest.fixture
def three_ask_the_same(req):
    rs = [ask(req, text, person(req, i)) for i, text in enumerate(LOW_INCOME, start=1)]
    ask(req, "民主路拆迁补偿方案", person(req, 9))
    return rs


# --- finding the groups ---------------------------------------------------------------------------


def test_similar_descriptions_from_different_applicants_form_one_cluster(req, three_ask_the_same):
    found = popular.clusters([req.east], since=SINCE)
    assert len(found) == 1
    c = found[0]
    assert {info_request.pk for info_request in c.requests} == {info_request.pk for info_request in three_ask_the_same}
    assert c.applicant_count == 3 and c.org == req.east
    assert "城乡低保" in c.keywords and "发放" in c.keywords
    assert "城乡低保资金" in c.title and not c.title.startswith(("请提供", "申请公开"))


def test_one_applicants_repeated_requests_are_not_a_cluster(req):
    for text in LOW_INCOME:
        ask(req, text, person(req, 1))
    assert popular.clusters([req.east], since=SINCE) == []
    # The same requests do group when one applicant is enough: it is the applicant count that left them out.
    assert len(popular.clusters([req.east], since=SINCE, min_applicants=1)) == 1


def test_an_applicant_is_recognised_by_id_number_then_account_then_name_and_type(req):
    same_id = [
        ask(req, text, Applicant(type=req.person, name=name, id_number="110105199001019999"))
        for text, name in zip(LOW_INCOME[:2], ["张三", "张叁"])
    ]
    assert popular.applicant_key(same_id[0]) == popular.applicant_key(same_id[1])
    assert popular.clusters([req.east], since=SINCE) == []
    ask(req, LOW_INCOME[2], Applicant(type=req.person, name="李四"))
    assert [c.applicant_count for c in popular.clusters([req.east], since=SINCE)] == [2]


def test_descriptions_sharing_less_than_half_their_words_are_not_grouped(req):
    # {城乡低保, 资金, 发放, 明细} vs {城乡低保, 资金, 审计报告}: Jaccard 2/5.
    ask(req, "城乡低保资金发放明细", person(req, 1))
    ask(req, "城乡低保资金审计报告", person(req, 2))
    assert popular.jaccard(
        popular.tokens("城乡低保资金发放明细"), popular.tokens("城乡低保资金审计报告")
    ) == pytest.approx(0.4)
    assert popular.clusters([req.east], since=SINCE) == []


def test_the_threshold_is_the_module_constant(req, monkeypatch):
    # {拆迁, 方案, 民主, 补偿} vs {拆迁, 标准, 民主, 补偿}: Jaccard 3/5.
    ask(req, "民主路拆迁补偿方案", person(req, 1))
    ask(req, "民主路拆迁补偿标准", person(req, 2))
    assert len(popular.clusters([req.east], since=SINCE)) == 1
    monkeypatch.setattr(popular, "SIMILARITY", 0.7)
    assert popular.clusters([req.east], since=SINCE) == []


def test_exactly_half_the_words_shared_is_enough_and_grouping_is_single_link():
    a, b, c, d = (frozenset(s.split()) for s in ("甲 乙 丙", "甲 乙 丁", "乙 丁 戊", "己 庚 辛"))
    # a–b 2/4, b–c 2/4, a–c 1/5: one group through b; d alone.
    assert popular._groups([a, b, c, d], 0.5) == [[0, 1, 2]]


def test_the_prefix_filter_finds_exactly_the_groups_of_a_full_comparison(monkeypatch):
    rng = random.Random(44)
    vocabulary = [f"w{i}" for i in range(300)]
    sets = [frozenset(rng.sample(vocabulary[: rng.choice([20, 300])], rng.randint(2, 7))) for _ in range(600)]
    calls = []
    real = popular.jaccard
    monkeypatch.setattr(popular, "jaccard", lambda x, y: calls.append(1) or real(x, y))
    fast = sorted(sorted(g) for g in popular._groups(sets, 0.5))
    # Brute force over every pair, with a plain union-find.
    parent = list(range(len(sets)))

    def find(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for i, j in combinations(range(len(sets)), 2):
        if real(sets[i], sets[j]) >= 0.5:
            parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(sets)):
        groups.setdefault(find(i), []).append(i)
    assert fast == sorted(sorted(g) for g in groups.values() if len(g) >= 2)
    assert len(calls) < len(sets) * (len(sets) - 1) / 2 / 4  # far fewer comparisons than all pairs


def test_requests_already_linked_or_received_before_since_or_of_another_org_are_left_out(req, three_ask_the_same):
    actions.propose_for_disclosure(three_ask_the_same[:2], by=req.officer, title="2025年城乡低保资金发放明细")
    assert popular.clusters([req.east], since=SINCE) == []
    ask(req, LOW_INCOME[0], person(req, 5), received_on=date(2025, 12, 1))
    assert popular.clusters([req.east], since=SINCE) == []
    ask(req, LOW_INCOME[1], person(req, 6), org=req.west, by=req.west_officer)
    assert popular.clusters([req.east, req.west], since=SINCE) == []
    ask(req, LOW_INCOME[1], person(req, 7))
    assert [len(c.requests) for c in popular.clusters([req.east, req.west], since=SINCE)] == [2]


# --- the act -----------------------------------------------------------------------------------------


def test_proposing_creates_a_draft_document_linked_to_every_request_with_events(req, three_ask_the_same):
    doc = actions.propose_for_disclosure(three_ask_the_same, by=req.officer, title="2025年城乡低保资金发放明细")
    assert doc.status == Document.Status.DRAFT and doc.attribute == Document.Attribute.PROACTIVE
    assert doc.publisher == req.east and doc.genre.code == "other" and doc.title == "2025年城乡低保资金发放明细"
    assert "第四十四条" in doc.summary and "3名申请人" in doc.summary and "城乡低保" in doc.keywords
    assert set(doc.source_requests.values_list("pk", flat=True)) == {
        info_request.pk for info_request in three_ask_the_same
    }
    events = Event.objects.filter(verb="requests.propose_for_disclosure")
    assert events.filter(object_type="disclosure.document", object_id=str(doc.pk)).count() == 1
    assert set(events.filter(object_type="requests.inforequest").values_list("object_id", flat=True)) == {
        str(info_request.pk) for info_request in three_ask_the_same
    }
    assert Event.objects.filter(verb="disclosure.create", object_id=str(doc.pk)).exists()


def _nothing_happened(rs):
    assert not Document.objects.exists()
    assert not InfoRequest.objects.filter(
        pk__in=[info_request.pk for info_request in rs], proactive_document__isnull=False
    ).exists()
    assert not Event.objects.filter(verb="requests.propose_for_disclosure").exists()


def test_requests_of_different_orgs_are_refused_together(req, three_ask_the_same):
    west = ask(req, LOW_INCOME[0], person(req, 8), org=req.west, by=req.west_officer)
    with pytest.raises(SunlightError) as refused:
        actions.propose_for_disclosure([three_ask_the_same[0], west], by=req.officer, title="明细")
    assert refused.value.code == "mixed_orgs"
    _nothing_happened([three_ask_the_same[0], west])


def test_an_outsider_and_a_reviewer_are_refused(req, three_ask_the_same):
    for someone in (req.outsider, req.west_officer, req.reviewer):
        with pytest.raises(PermissionDenied):
            actions.propose_for_disclosure(three_ask_the_same, by=someone, title="明细")
    _nothing_happened(three_ask_the_same)


def test_a_city_admin_who_may_handle_but_not_draft_documents_there_is_refused(req, three_ask_the_same):
    with pytest.raises(PermissionDenied) as refused:
        actions.propose_for_disclosure(three_ask_the_same, by=req.admin, title="明细")
    assert "起草政府信息" in str(refused.value)
    _nothing_happened(three_ask_the_same)


def test_requests_already_linked_are_refused_and_nothing_changes(req, three_ask_the_same):
    first = actions.propose_for_disclosure(three_ask_the_same[:2], by=req.officer, title="明细")
    with pytest.raises(SunlightError) as refused:
        actions.propose_for_disclosure(three_ask_the_same, by=req.officer, title="明细二")
    assert refused.value.code == "already_linked"
    assert Document.objects.count() == 1
    assert InfoRequest.objects.get(pk=three_ask_the_same[2].pk).proactive_document is None
    assert InfoRequest.objects.get(pk=three_ask_the_same[0].pk).proactive_document == first


def test_an_empty_list_and_an_empty_title_are_refused(req, three_ask_the_same):
    with pytest.raises(SunlightError):
        actions.propose_for_disclosure([], by=req.officer, title="明细")
    with pytest.raises(SunlightError):
        actions.propose_for_disclosure(three_ask_the_same, by=req.officer, title="  ")
    _nothing_happened(three_ask_the_same)


# --- the workbench page ------------------------------------------------------------------------------

PAGE = "/workbench/requests/popular"


def test_the_page_lists_the_groups_of_my_org_with_links_and_a_prefilled_form(client, req, three_ask_the_same):
    ask(req, LOW_INCOME[0], person(req, 11), org=req.west, by=req.west_officer)
    ask(req, LOW_INCOME[1], person(req, 12), org=req.west, by=req.west_officer)
    client.force_login(req.officer)
    response = client.get(PAGE, {"since": "2026-01-01"})
    page = response.content.decode()
    assert response.status_code == 200 and "多人申请的信息（第四十四条）" in page
    for info_request in three_ask_the_same:
        assert f'href="/workbench/requests/{info_request.pk}/"' in page
    assert "云湖区人民政府" not in page  # west's group is not mine
    assert "<dd>3</dd>" in page and 'value="2025年城乡低保资金发放明细"' in page
    assert "张三" not in page and "申请人1" not in page  # no applicant is named


def test_an_outsider_is_refused_the_page_and_the_act(client, req, three_ask_the_same):
    client.force_login(req.outsider)
    assert client.get(PAGE).status_code == 403
    response = client.post(
        f"{PAGE}/propose", {"request": [info_request.pk for info_request in three_ask_the_same], "title": "明细"}
    )
    assert response.status_code == 403
    _nothing_happened(three_ask_the_same)


def test_an_officer_of_another_org_cannot_propose_my_requests(client, req, three_ask_the_same):
    client.force_login(req.west_officer)
    response = client.post(
        f"{PAGE}/propose", {"request": [info_request.pk for info_request in three_ask_the_same], "title": "明细"}
    )
    assert response.status_code == 403
    _nothing_happened(three_ask_the_same)


def test_proposing_from_the_page_goes_to_the_drafts_workbench_page_and_the_request_links_it(
    client, req, three_ask_the_same
):
    client.force_login(req.officer)
    response = client.post(
        f"{PAGE}/propose",
        {"request": [info_request.pk for info_request in three_ask_the_same], "title": "低保资金发放明细"},
    )
    doc = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/workbench/disclosure/{doc.pk}/"
    detail = client.get(f"/workbench/requests/{three_ask_the_same[0].pk}/").content.decode()
    assert f'href="/workbench/disclosure/{doc.pk}/"' in detail and "低保资金发放明细" in detail


def test_a_refused_proposal_from_the_page_is_a_4xx_with_the_reason(client, req, three_ask_the_same):
    client.force_login(req.officer)
    actions.propose_for_disclosure(three_ask_the_same[:1], by=req.officer, title="明细")
    response = client.post(
        f"{PAGE}/propose", {"request": [info_request.pk for info_request in three_ask_the_same], "title": "明细二"}
    )
    assert response.status_code == 400 and "已转为主动公开" in response.content.decode()
    bad = client.post(f"{PAGE}/propose", {"request": ["x"], "title": "明细"})
    assert bad.status_code == 400
    assert Document.objects.count() == 1


def test_the_queue_links_to_the_page(client, req):
    client.force_login(req.officer)
    assert f'href="{PAGE}"' in client.get("/workbench/requests/").content.decode()


def test_the_api_lists_the_groups_and_proposes_a_draft_and_refuses_an_outsider(client, req, three_ask_the_same):
    client.force_login(req.officer)
    groups = client.get(f"/api/v1/requests/staff/popular?since={SINCE.isoformat()}").json()
    assert len(groups) == 1 and sorted(groups[0]["request_ids"]) == sorted(
        info_request.pk for info_request in three_ask_the_same
    )
    assert groups[0]["applicant_count"] == 3
    made = client.post(
        "/api/v1/requests/staff/popular/propose",
        {"request_ids": groups[0]["request_ids"], "title": "城乡低保资金发放明细"},
        content_type="application/json",
    )
    assert made.status_code == 201
    doc = Document.objects.get(pk=made.json()["document_id"])
    assert doc.status == "draft" and set(doc.source_requests.values_list("pk", flat=True)) == set(
        groups[0]["request_ids"]
    )

    client.force_login(req.outsider)
    assert client.get(f"/api/v1/requests/staff/popular?since={SINCE.isoformat()}").json() == []
    refused = client.post(
        "/api/v1/requests/staff/popular/propose",
        {"request_ids": [three_ask_the_same[0].pk], "title": "x"},
        content_type="application/json",
    )
    assert refused.status_code in (403, 404)
