"""One way to make complaints for tests: the hall's cast plus a supervisor in each district, and complaints in each
state through the acts."""

from __future__ import annotations

from sunlight.cases.tests.builders import Hall
from sunlight.orgs.models import Role

from .. import actions
from ..models import Complaint


class Desk:
    """青溪区 has its own supervisor (so 青溪区人民政府 handles complaints about its departments and center); 云湖区's
    supervisor is the outsider; the city supervisor (cast.supervisor) oversees both."""

    def __init__(self, hall: Hall) -> None:
        self.hall = hall
        self.cast = cast = hall.cast
        self.east_supervisor = cast.add_staff("eastsupervisor", cast.east, Role.SUPERVISOR)
        self.west_supervisor = cast.add_staff("westsupervisor", cast.west, Role.SUPERVISOR)

    def filed(self, **kwargs) -> Complaint:
        """The company complains online about its own submitted case."""
        case = kwargs.pop("case", None) or self.hall.submitted()
        fields = {"about": "case", "case_number": case.number, "content": "办件超期未办结。"}
        fields.update(kwargs)
        return actions.file_complaint(by=self.hall.company, **fields)

    def registered(self, **kwargs) -> tuple[Complaint, str]:
        """A 12345 complaint about the east center's window, registered by the east supervisor."""
        fields = {
            "by": self.east_supervisor,
            "channel": "phone",
            "about": "window",
            "window": self.cast.window,
            "complainant_name": "张先生",
            "phone": "13900000000",
            "content": "窗口排队时间过长。",
        }
        fields.update(kwargs)
        return actions.register_complaint(**fields)

    def investigating(self, **kwargs) -> Complaint:
        return actions.start_investigation(self.filed(**kwargs), by=self.east_supervisor, note="调取办件记录。")

    def concluded(self, conclusion: str = "upheld", **kwargs) -> Complaint:
        return actions.conclude_complaint(
            self.investigating(**kwargs),
            by=self.east_supervisor,
            conclusion=conclusion,
            findings="经核实，办件确有拖延。",
            measures="" if conclusion == "not_upheld" else "责令限期办结，批评教育。",
        )
