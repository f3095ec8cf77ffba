"""The public pages (villages, a village, an evaluation, a proposal with the ballot form) and the workbench
(residents, evaluations and proposals with their acts); outsiders are refused on every staff URL."""

from datetime import timedelta

import pytest
from django.urls import reverse

from sunlight.cases.days import acting_on

from .. import actions
from ..models import Evaluation, Proposal, Resident, Vote


def test_the_index_lists_villages_with_open_evaluations_and_votes(client, square):
    proposal = square.open_proposal()
    evaluation = square.open_evaluation()
    square.proposal(title="还在起草的议题")
    page = client.get(reverse("democracy:index")).content.decode()
    assert proposal.title in page and evaluation.title in page and "柳塘村民委员会" in page
    assert "还在起草的议题" not in page and "芦花村民委员会" not in page


def test_the_village_page_shows_open_items_published_results_and_its_three_affairs_documents(client, square):
    document = square.published_document()
    published = square.closed_proposal()
    actions.publish_results(published, by=square.clerk)
    open_one = square.open_evaluation(documents=[document])
    page = client.get(reverse("democracy:village", args=[square.village.pk])).content.decode()
    assert open_one.title in page and published.title in page and document.title in page
    assert client.get(reverse("democracy:village", args=[square.cast.east.pk])).status_code == 404


def test_a_resident_sees_the_ballot_form_votes_and_then_sees_they_have_voted(client, square):
    proposal = square.open_proposal()
    url = reverse("democracy:proposal", args=[proposal.pk])
    client.force_login(square.residents[0])
    page = client.get(url).content.decode()
    assert reverse("democracy:vote", args=[proposal.pk]) in page and "弃权" in page
    response = client.post(reverse("democracy:vote", args=[proposal.pk]), {"choice": "1"})
    assert response.status_code == 302 and response["Location"] == url
    assert Vote.objects.get().choice == 1
    page = client.get(url).content.decode()
    assert "您已经参加过了" in page and reverse("democracy:vote", args=[proposal.pk]) not in page
    again = client.post(reverse("democracy:vote", args=[proposal.pk]), {"choice": "0"})
    assert again.status_code == 409 and "只能投一票" in again.content.decode()
    assert Vote.objects.count() == 1


def test_a_non_resident_is_told_and_refused(client, square):
    proposal = square.open_proposal()
    client.force_login(square.stranger)
    page = client.get(reverse("democracy:proposal", args=[proposal.pk])).content.decode()
    assert "不是柳塘村民委员会登记的居民" in page
    assert client.post(reverse("democracy:vote", args=[proposal.pk]), {"choice": "0"}).status_code == 403
    assert not Vote.objects.exists()


def test_an_anonymous_visitor_is_asked_to_sign_in(client, square):
    proposal = square.open_proposal()
    page = client.get(reverse("democracy:proposal", args=[proposal.pk])).content.decode()
    assert "请先" in page and reverse("accounts:login") in page
    response = client.post(reverse("democracy:vote", args=[proposal.pk]), {"choice": "0"})
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_vote_without_a_choice_is_refused_in_place(client, square):
    proposal = square.open_proposal()
    client.force_login(square.residents[0])
    response = client.post(reverse("democracy:vote", args=[proposal.pk]), {})
    assert response.status_code == 400 and "请选择一个选项" in response.content.decode()
    assert not Vote.objects.exists()


def test_a_resident_grades_an_evaluation_and_published_results_are_shown(client, square):
    evaluation = square.open_evaluation()
    client.force_login(square.residents[0])
    response = client.post(reverse("democracy:ballot", args=[evaluation.pk]), {"grade": "satisfied", "comment": "好"})
    assert response.status_code == 302
    for user, grade in zip(square.residents[1:], ("basic", "unsatisfied"), strict=True):
        actions.cast_evaluation(evaluation, by=user, grade=grade)
    actions.publish_evaluation_results(actions.close_evaluation(evaluation, by=square.clerk), by=square.clerk)
    client.logout()
    page = client.get(reverse("democracy:evaluation", args=[evaluation.pk])).content.decode()
    assert "评议结果" in page and "66.7%" in page and "基本满意" in page


def test_published_vote_results_show_counts_turnout_and_the_outcome(client, square):
    proposal = actions.publish_results(square.closed_proposal(choices=(0, 0, 1)), by=square.clerk)
    page = client.get(reverse("democracy:proposal", args=[proposal.pk])).content.decode()
    assert "投票率 100.0%" in page and "议题通过" in page


def test_drafts_are_not_public(client, square):
    draft = square.proposal()
    assert client.get(reverse("democracy:proposal", args=[draft.pk])).status_code == 404
    assert client.get(reverse("democracy:evaluation", args=[square.evaluation().pk])).status_code == 404


# --- workbench ---
def test_the_clerk_registers_a_resident_from_the_workbench(client, square):
    newcomer = square.citizen("newcomer")
    client.force_login(square.clerk)
    url = reverse("democracy_wb:residents")
    assert "resident1" in client.get(url).content.decode()
    response = client.post(url, {"org": square.village.pk, "account": "newcomer"})
    assert response.status_code == 302 and response["Location"] == url
    assert Resident.objects.get(user=newcomer).org == square.village
    unknown = client.post(url, {"org": square.village.pk, "account": "nobody"})
    assert unknown.status_code == 400 and "没有找到这个居民账户" in unknown.content.decode()
    twice = client.post(url, {"org": square.village.pk, "account": "newcomer"})
    assert twice.status_code == 409


def test_the_clerk_ends_a_residence(client, square):
    resident = square.resident(square.residents[0])
    client.force_login(square.clerk)
    response = client.post(reverse("democracy_wb:end_residence", args=[resident.pk]))
    assert response.status_code == 302
    resident.refresh_from_db()
    assert not resident.is_active


def test_the_clerk_drafts_edits_opens_closes_and_publishes_a_vote(client, square):
    client.force_login(square.clerk)
    today = square.today
    data = {
        "org": square.village.pk,
        "title": "修建村口停车场",
        "text": "拟修建停车场。",
        "options": "",
        "start_on": today.isoformat(),
        "end_on": (today + timedelta(days=5)).isoformat(),
    }
    response = client.post(reverse("democracy_wb:new", args=["proposal"]), data)
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "democracy_wb:detail", args=["proposal", proposal.pk]
    )
    assert proposal.options == ["同意", "不同意", "弃权"]
    edit = {**data, "options": "方案一\n方案二"}
    assert client.post(reverse("democracy_wb:edit", args=["proposal", proposal.pk]), edit).status_code == 302
    proposal.refresh_from_db()
    assert proposal.options == ["方案一", "方案二"]
    act = lambda name: client.post(reverse("democracy_wb:act", args=["proposal", proposal.pk, name]))  # noqa: E731
    assert act("open").status_code == 302
    early = act("close")
    assert early.status_code == 400 and "截止日期" in early.content.decode()
    with acting_on(today + timedelta(days=6)):
        assert act("close").status_code == 302
    assert act("publish").status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "published" and proposal.result["eligible"] == 3
    page = client.get(reverse("democracy_wb:detail", args=["proposal", proposal.pk])).content.decode()
    assert "投票率" in page


def test_the_clerk_drafts_and_deletes_an_evaluation(client, square):
    document = square.published_document()
    client.force_login(square.clerk)
    data = {
        "org": square.village.pk,
        "title": "村干部述职评议",
        "subject": "村干部述职",
        "start_on": square.today.isoformat(),
        "end_on": square.today.isoformat(),
        "documents": [document.pk],
    }
    assert client.post(reverse("democracy_wb:new", args=["evaluation"]), data).status_code == 302
    evaluation = Evaluation.objects.get()
    assert list(evaluation.documents.all()) == [document]
    bad = client.post(reverse("democracy_wb:new", args=["evaluation"]), {**data, "end_on": "2000-01-01"})
    assert bad.status_code == 400 and Evaluation.objects.count() == 1
    assert client.post(reverse("democracy_wb:delete", args=["evaluation", evaluation.pk])).status_code == 302
    assert not Evaluation.objects.exists()


def _staff_urls(square):
    proposal = square.open_proposal()
    evaluation = square.evaluation()
    resident = square.resident(square.residents[0])
    gets = [
        reverse("democracy_wb:detail", args=["proposal", proposal.pk]),
        reverse("democracy_wb:detail", args=["evaluation", evaluation.pk]),
    ]
    posts = [
        reverse("democracy_wb:end_residence", args=[resident.pk]),
        reverse("democracy_wb:edit", args=["evaluation", evaluation.pk]),
        reverse("democracy_wb:delete", args=["evaluation", evaluation.pk]),
        reverse("democracy_wb:act", args=["proposal", proposal.pk, "close"]),
        reverse("democracy_wb:act", args=["evaluation", evaluation.pk, "open"]),
    ]
    lists = [
        reverse("democracy_wb:index"),
        reverse("democracy_wb:residents"),
        reverse("democracy_wb:new", args=["proposal"]),
        reverse("democracy_wb:new", args=["evaluation"]),
    ]
    return proposal, evaluation, gets, posts, lists


def test_another_districts_staff_are_refused_on_every_workbench_url(client, square):
    proposal, evaluation, gets, posts, lists = _staff_urls(square)
    for outsider in (square.other_clerk, square.cast.outsider):
        client.force_login(outsider)
        for url in gets:
            assert client.get(url).status_code == 404, url
        for url in posts:
            assert client.post(url).status_code == 404, url
        for url in lists:
            page = client.get(url).content.decode()
            assert proposal.title not in page and "resident1" not in page and "柳塘村民委员会" not in page, url
        new = client.post(
            reverse("democracy_wb:new", args=["proposal"]),
            {"org": square.village.pk, "title": "x", "text": "x", "start_on": "2030-01-01", "end_on": "2030-01-02"},
        )
        assert new.status_code == 400
        registered = client.post(reverse("democracy_wb:residents"), {"org": square.village.pk, "account": "stranger"})
        assert registered.status_code == 400
    assert Proposal.objects.count() == 1 and Resident.objects.filter(is_active=True).count() == 4
    assert Evaluation.objects.get().status == "draft"


@pytest.mark.parametrize("who", ["citizen", "resident", "anonymous"])
def test_public_accounts_and_anonymous_visitors_are_refused_on_every_workbench_url(client, square, who):
    _proposal, _evaluation, gets, posts, lists = _staff_urls(square)
    if who != "anonymous":
        client.force_login(square.cast.citizen if who == "citizen" else square.residents[0])
    expected = 302 if who == "anonymous" else 403
    for url in gets + lists:
        assert client.get(url).status_code == expected, url
    for url in posts:
        assert client.post(url).status_code == expected, url


def test_a_supervisor_above_sees_but_does_not_act(client, square):
    proposal = square.open_proposal()
    client.force_login(square.cast.supervisor)
    page = client.get(reverse("democracy_wb:detail", args=["proposal", proposal.pk])).content.decode()
    assert proposal.title in page and reverse("democracy_wb:act", args=["proposal", proposal.pk, "close"]) not in page
    assert client.post(reverse("democracy_wb:act", args=["proposal", proposal.pk, "close"])).status_code == 403
