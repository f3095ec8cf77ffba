"""Supervision test builders: the cases hall with supervisors, cases in given states, moved in time, evaluated."""

from __future__ import annotations

from datetime import date

from sunlight.cases import actions as case_actions
from sunlight.cases.models import Case
from sunlight.cases.tests.builders import pdf
from sunlight.orgs.models import Role

from .. import engine
from ..models import Alert, Kind, Watch


class Supervision:
    def __init__(self, hall) -> None:
        self.hall = hall
        self.cast = hall.cast
        self.supervisor = hall.cast.supervisor  # at the city: supervises every district
        self.west_supervisor = hall.cast.add_staff("westsupervisor", hall.cast.west, Role.SUPERVISOR)
        self.handler = hall.handler
        self.approver = hall.approver

    def evaluate(self, case: Case, today: date | None = None) -> Watch:
        return engine.evaluate(Kind.CASE, case.pk, today=today)

    def watch(self, case: Case) -> Watch:
        return Watch.objects.get(kind=Kind.CASE, object_id=case.pk)

    def alerts(self, case: Case, code: str | None = None):
        qs = Alert.objects.filter(kind=Kind.CASE, object_id=case.pk)
        return qs.filter(code=code) if code else qs

    def twice_corrected(self) -> Case:
        case = self.hall.submitted()
        case = case_actions.request_correction(case, by=self.cast.clerk, defects=["营业执照复印件不清晰"])
        case = case_actions.submit_correction(
            case, [case_actions.MaterialInput(1, upload=pdf("营业执照-清晰.pdf"))], by=self.hall.company
        )
        return case_actions.request_correction(
            case,
            by=self.cast.clerk,
            defects=["补充法定代表人身份证明"],
            repeat_reason="首次告知时未发现法定代表人已变更",
        )

    def alert(self, case: Case | None = None, code: str = "repeat_correction") -> Alert:
        case = case or self.twice_corrected()
        self.evaluate(case)
        return self.alerts(case, code).get()
