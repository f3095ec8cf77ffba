"""One way to make 基层民主 records for tests: a village committee under 青溪区 (柳塘镇柳塘村) with a clerk, another
under 云湖区 with its own clerk (the outsider), residents, and evaluations and proposals in each state through the
acts."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from sunlight.accounts.models import User
from sunlight.cases.days import acting_on
from sunlight.orgs.codes import make_credit_code
from sunlight.orgs.models import Org, Region, Role

from .. import actions
from ..models import Evaluation, Proposal, Resident


def _village(cast, district: Org, district_region: Region, town_code: str, village_code: str, name: str, n: int) -> Org:
    town_region = Region.objects.create(code=town_code, name=f"{name}镇", level=4, parent=district_region)
    village_region = Region.objects.create(code=village_code, name=f"{name}村", level=5, parent=town_region)
    town = Org.objects.create(
        name=f"{name}镇人民政府",
        kind=Org.Kind.GOVERNMENT,
        region=town_region,
        parent=district,
        credit_code=make_credit_code("11", town_code[:6], f"{n:08d}"),
    )
    return Org.objects.create(
        name=f"{name}村民委员会",
        short_name=f"{name}村委会",
        kind=Org.Kind.COMMITTEE,
        region=village_region,
        parent=town,
        credit_code=make_credit_code("54", town_code[:6], f"{n + 1:08d}"),
    )


class Square:
    """柳塘村 (青溪区) with its clerk and three registered residents; 芦花村 (云湖区) with its clerk and a resident."""

    def __init__(self, cast) -> None:
        self.cast = cast
        self.today = timezone.localdate()
        self.village = _village(cast, cast.east, cast.east_region, "990102100", "990102100201", "柳塘", 11)
        self.other = _village(cast, cast.west, cast.west_region, "990103100", "990103100202", "芦花", 21)
        self.clerk = cast.add_staff("villageclerk", self.village, Role.DISCLOSURE_OFFICER)
        self.other_clerk = cast.add_staff("otherclerk", self.other, Role.HANDLER)
        self.residents = [self.citizen(f"resident{i}") for i in range(1, 4)]
        for user in self.residents:
            actions.register_resident(self.village, user, by=self.clerk)
        self.stranger = self.citizen("stranger")
        actions.register_resident(self.other, self.stranger, by=self.other_clerk)

    def published_document(self, publisher: Org | None = None, title: str = "柳塘村2026年第三季度财务收支公开"):
        """A 三务公开 notice (财务公开) published by the village (or `publisher`, through its own staff)."""
        from sunlight.disclosure import actions as disclosure
        from sunlight.disclosure.models import Genre, KeyArea

        publisher = publisher or self.village
        officer = self.clerk if publisher == self.village else self.other_clerk
        if not hasattr(self, "_reviewers"):
            self._reviewers = {}
        if publisher.pk not in self._reviewers:
            self._reviewers[publisher.pk] = self.cast.add_staff(f"reviewer{publisher.pk}", publisher, Role.REVIEWER)
            if officer == self.other_clerk:
                self.cast.add_staff(f"officer{publisher.pk}", publisher, Role.DISCLOSURE_OFFICER)
        reviewer = self._reviewers[publisher.pk]
        if officer == self.other_clerk:
            officer = User.objects.get(username=f"officer{publisher.pk}")
        doc = disclosure.create_document(
            publisher=publisher,
            by=officer,
            title=title,
            created_on=self.today - timedelta(days=3),
            genre=Genre.objects.get(code="public_notice"),
            key_areas=[KeyArea.objects.get(code="village_finance")],
            body_html="<p>本季度村集体收入和支出明细如下。</p>",
        )
        disclosure.submit_document(doc, by=officer)
        disclosure.review_document(doc, by=reviewer, conclusion="approved", grounds="不涉及国家秘密")
        return disclosure.publish_document(doc, by=reviewer)

    def citizen(self, username: str) -> User:
        return User.objects.create_user(
            username, password=self.cast.password, kind=User.Kind.CITIZEN, display_name=username
        )

    def resident(self, user: User) -> Resident:
        return Resident.objects.get(user=user, is_active=True)

    # --- 民主评议 ---
    def evaluation(self, *, start_on: date | None = None, days: int = 7, **kwargs) -> Evaluation:
        start_on = start_on or self.today
        fields = {"title": "村务公开民主评议", "subject": "村务公开", "start_on": start_on}
        fields["end_on"] = start_on + timedelta(days=days)
        fields.update(kwargs)
        return actions.create_evaluation(self.village, by=self.clerk, **fields)

    def open_evaluation(self, **kwargs) -> Evaluation:
        return actions.open_evaluation(self.evaluation(**kwargs), by=self.clerk)

    def closed_evaluation(self, grades=("satisfied", "basic", "unsatisfied")) -> Evaluation:
        evaluation = self.open_evaluation()
        for user, grade in zip(self.residents, grades, strict=False):
            actions.cast_evaluation(evaluation, by=user, grade=grade)
        with acting_on(evaluation.end_on + timedelta(days=1)):
            return actions.close_evaluation(evaluation, by=self.clerk)

    # --- 村民议事 ---
    def proposal(self, *, start_on: date | None = None, days: int = 7, **kwargs) -> Proposal:
        start_on = start_on or self.today
        fields = {"title": "硬化村东组道路", "text": "拟硬化村东组道路 1.2 公里。", "start_on": start_on}
        fields["end_on"] = start_on + timedelta(days=days)
        fields.update(kwargs)
        return actions.create_proposal(self.village, by=self.clerk, **fields)

    def open_proposal(self, **kwargs) -> Proposal:
        return actions.open_proposal(self.proposal(**kwargs), by=self.clerk)

    def closed_proposal(self, choices=(0, 0, 1)) -> Proposal:
        proposal = self.open_proposal()
        for user, choice in zip(self.residents, choices, strict=False):
            actions.cast_vote(proposal, by=user, choice=choice)
        with acting_on(proposal.end_on + timedelta(days=1)):
            return actions.close_proposal(proposal, by=self.clerk)
