"""The acts: residence, 民主评议, 村民议事; each refusal leaves nothing written."""

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from sunlight.cases.days import acting_on
from sunlight.errors import Conflict, SunlightError
from sunlight.events.models import Event
from sunlight.notify.models import Notice

from .. import actions
from ..models import Evaluation, EvaluationBallot, Resident, Vote


def test_a_clerk_registers_a_resident_and_the_act_is_an_event(square):
    newcomer = square.citizen("newcomer")
    resident = actions.register_resident(square.village, newcomer, by=square.clerk)
    assert resident.is_active and resident.registered_by == square.clerk
    assert Event.objects.filter(verb="democracy.register", object_id=str(resident.pk)).exists()


def test_an_outsider_cannot_register_a_resident_and_nothing_is_written(square):
    newcomer = square.citizen("newcomer")
    for outsider in (square.other_clerk, square.cast.outsider, square.cast.supervisor, square.cast.clerk):
        with pytest.raises(PermissionDenied):
            actions.register_resident(square.village, newcomer, by=outsider)
    assert not Resident.objects.filter(user=newcomer).exists()


def test_an_admin_above_the_village_may_register(square):
    newcomer = square.citizen("newcomer")
    assert actions.register_resident(square.village, newcomer, by=square.cast.admin).is_active


def test_a_person_is_a_resident_of_one_village_at_a_time(square):
    with pytest.raises(Conflict):
        actions.register_resident(square.other, square.residents[0], by=square.other_clerk)
    with pytest.raises(SunlightError):
        actions.register_resident(square.village, square.cast.clerk, by=square.clerk)  # a staff account
    assert Resident.objects.filter(user=square.residents[0]).count() == 1


def test_an_ended_residence_can_be_renewed(square):
    resident = square.resident(square.residents[0])
    actions.end_residence(resident, by=square.clerk)
    with pytest.raises(Conflict):
        actions.end_residence(resident, by=square.clerk)
    renewed = actions.register_resident(square.village, square.residents[0], by=square.clerk)
    assert renewed.pk == resident.pk and renewed.is_active and renewed.ended_on is None


def test_opening_a_vote_tells_every_resident_of_the_village(square):
    proposal = square.open_proposal()
    told = set(
        Notice.objects.filter(url__endswith=f"/democracy/proposals/{proposal.pk}/").values_list("user", flat=True)
    )
    assert told == {u.pk for u in square.residents}


def test_a_vote_by_a_non_resident_is_refused_and_nothing_is_written(square):
    proposal = square.open_proposal()
    for outsider in (square.stranger, square.citizen("walker"), square.cast.clerk):
        with pytest.raises(PermissionDenied):
            actions.cast_vote(proposal, by=outsider, choice=0)
    assert not Vote.objects.exists()
    assert not Event.objects.filter(verb="democracy.vote").exists()


def test_an_ended_residence_no_longer_votes(square):
    proposal = square.open_proposal()
    actions.end_residence(square.resident(square.residents[0]), by=square.clerk)
    with pytest.raises(PermissionDenied):
        actions.cast_vote(proposal, by=square.residents[0], choice=0)


def test_a_second_vote_is_refused_and_nothing_is_written(square):
    proposal = square.open_proposal()
    actions.cast_vote(proposal, by=square.residents[0], choice=0)
    with pytest.raises(Conflict) as refused:
        actions.cast_vote(proposal, by=square.residents[0], choice=1)
    assert refused.value.status == 409
    assert list(Vote.objects.values_list("choice", flat=True)) == [0]
    assert Event.objects.filter(verb="democracy.vote").count() == 1


def test_a_vote_outside_the_dates_is_refused(square):
    later = square.open_proposal(start_on=square.today + timedelta(days=3))
    with pytest.raises(SunlightError) as refused:
        actions.cast_vote(later, by=square.residents[0], choice=0)
    assert refused.value.status == 400 and refused.value.code == "outside_dates"
    proposal = square.open_proposal()
    with acting_on(proposal.end_on + timedelta(days=1)), pytest.raises(SunlightError) as late:
        actions.cast_vote(proposal, by=square.residents[0], choice=0)
    assert late.value.status == 400
    assert not Vote.objects.exists()


def test_a_draft_or_closed_vote_takes_no_votes_and_a_bad_choice_is_refused(square):
    draft = square.proposal()
    with pytest.raises(SunlightError) as refused:
        actions.cast_vote(draft, by=square.residents[0], choice=0)
    assert refused.value.code == "not_open"
    proposal = square.open_proposal()
    with pytest.raises(SunlightError):
        actions.cast_vote(proposal, by=square.residents[0], choice=3)
    assert not Vote.objects.exists()


def test_the_result_counts_and_turnout(square):
    square.citizen("late")  # not registered: not counted
    proposal = square.closed_proposal(choices=(0, 1))
    assert proposal.result["counts"] == [1, 1, 0]
    assert proposal.result["votes"] == 2 and proposal.result["eligible"] == 3
    assert proposal.result["turnout"] == "66.7"
    assert proposal.result["passed"] is False  # 1 of 2 is not more than half
    assert proposal.result["rule"] == "majority_of_votes"
    published = actions.publish_results(proposal, by=square.clerk)
    assert published.status == "published" and published.published_at is not None


def test_a_vote_passes_with_more_than_half_of_the_votes_cast(square):
    proposal = square.closed_proposal(choices=(0, 0, 1))
    assert proposal.result["passed"] is True and proposal.result["turnout"] == "100.0"


def test_the_pass_rule_setting_counts_the_registered_residents(square, settings):
    settings.DEMOCRACY_PASS_RULE = "majority_of_residents"
    for i in range(2):  # five residents: two yes of two votes is not more than half of five
        actions.register_resident(square.village, square.citizen(f"extra{i}"), by=square.clerk)
    proposal = square.closed_proposal(choices=(0, 0))
    assert proposal.result["rule"] == "majority_of_residents" and proposal.result["passed"] is False
    settings.DEMOCRACY_PASS_RULE = "majority_of_votes"
    again = square.closed_proposal(choices=(0, 0))
    assert again.result["passed"] is True


def test_an_unknown_pass_rule_is_a_configuration_error(square, settings):
    settings.DEMOCRACY_PASS_RULE = "two_thirds"
    proposal = square.open_proposal()
    with acting_on(proposal.end_on + timedelta(days=1)), pytest.raises(ImproperlyConfigured):
        actions.close_proposal(proposal, by=square.clerk)


def test_closing_waits_for_the_end_date_unless_everyone_has_voted(square):
    proposal = square.open_proposal()
    actions.cast_vote(proposal, by=square.residents[0], choice=0)
    with pytest.raises(SunlightError) as refused:
        actions.close_proposal(proposal, by=square.clerk)
    assert refused.value.code == "not_over"
    for user in square.residents[1:]:
        actions.cast_vote(proposal, by=user, choice=0)
    assert actions.close_proposal(proposal, by=square.clerk).status == "closed"


def test_only_the_village_may_open_close_and_publish(square):
    draft = square.proposal()
    with pytest.raises(PermissionDenied):
        actions.open_proposal(draft, by=square.other_clerk)
    with pytest.raises(PermissionDenied):
        actions.open_proposal(draft, by=square.cast.supervisor)  # supervisors see, they do not act
    proposal = square.closed_proposal()
    with pytest.raises(PermissionDenied):
        actions.publish_results(proposal, by=square.other_clerk)
    with pytest.raises(Conflict):
        actions.open_proposal(proposal, by=square.clerk)


def test_options_need_at_least_two_distinct_choices(square):
    with pytest.raises(SunlightError):
        square.proposal(options=["同意"])
    with pytest.raises(SunlightError):
        square.proposal(options=["同意", "同意"])
    assert square.proposal(options=None).options == ["同意", "不同意", "弃权"]


def test_an_evaluation_takes_one_ballot_per_resident_and_publishes_the_satisfaction_rate(square):
    evaluation = square.open_evaluation()
    with pytest.raises(PermissionDenied):
        actions.cast_evaluation(evaluation, by=square.stranger, grade="satisfied")
    actions.cast_evaluation(evaluation, by=square.residents[0], grade="satisfied", comment="好")
    with pytest.raises(Conflict):
        actions.cast_evaluation(evaluation, by=square.residents[0], grade="unsatisfied")
    with pytest.raises(SunlightError):
        actions.cast_evaluation(evaluation, by=square.residents[1], grade="great")
    assert EvaluationBallot.objects.count() == 1
    for user, grade in zip(square.residents[1:], ("basic", "unsatisfied"), strict=True):
        actions.cast_evaluation(evaluation, by=user, grade=grade)
    closed = actions.close_evaluation(evaluation, by=square.clerk)
    assert closed.result["counts"] == {"satisfied": 1, "basic": 1, "unsatisfied": 1}
    assert closed.result["satisfied_rate"] == "66.7" and closed.result["total"] == 3
    assert actions.publish_evaluation_results(closed, by=square.clerk).status == "published"


def test_an_evaluation_links_only_the_villages_own_public_documents(square):
    own = square.published_document()
    foreign = square.published_document(publisher=square.other, title="芦花村财务公开")
    with pytest.raises(SunlightError) as refused:
        square.evaluation(documents=[own, foreign])
    assert refused.value.code == "foreign_document" and not Evaluation.objects.exists()
    evaluation = square.evaluation(documents=[own])
    assert list(evaluation.documents.all()) == [own]
