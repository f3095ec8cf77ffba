"""Demo efficiency complaints: eight stories across the demo city, about cases, windows and staff, filed online,
at a window and through 12345, in every state (received, investigating, concluded upheld / partly / not upheld,
on time and late, one overdue). Each act runs on the day it would have happened (cases.days.acting_on). Runs after
the cases demo; a story already told (found by its content) is not told again."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from sunlight.cases.days import acting_on
from sunlight.cases.models import Case
from sunlight.orgs.models import Window

from . import actions
from .models import Complaint

User = get_user_model()

# (channel, about, story, content, the acts: "investigate" / ("conclude", conclusion, late?))
STORIES = [
    ("online", "case", "own_case", "办件超过承诺期限仍未办结，多次电话询问没有答复。", ("conclude", "upheld", False)),
    ("online", "window", "city_a01", "窗口工作人员中午提前离岗，排队近一小时无人受理。", ("investigate",)),
    ("phone", "case", "phone_case", "12345转办：申请人反映办件被要求重复提交材料。", ("conclude", "not_upheld", False)),
    ("window", "staff", "qx_staff", "窗口登记：工作人员态度生硬，不一次性告知所需材料。", ()),
    ("online", "staff", "staff_named", "工作人员黄磊未按一次性告知要求说明补正内容。", ("conclude", "partly", True)),
    ("phone", "window", "phone_window", "12345转办：出件窗口领取证照等候时间过长。", ()),
    ("online", "case", "own_case_2", "办件受理后长时间停留在审核环节，无人跟进。", ("investigate", "note")),
    ("window", "case", "walk_in_case", "窗口登记：办件超期未办结，申请人当面投诉。", ("conclude", "upheld", False)),
]


def _user(username: str):
    return User.objects.filter(username=username).first()


def _window(center_name: str, number: str) -> Window | None:
    return (
        Window.objects.filter(center__name=center_name, number=number, is_active=True).select_related("center").first()
    )


def _case_of_applicant(exclude: set[int]) -> Case | None:
    return (
        Case.objects.filter(applicant_user__isnull=False, applicant_user__kind__in=("citizen", "legal_person"))
        .exclude(pk__in=exclude)
        .order_by("received_on", "pk")
        .first()
    )


def _any_case(exclude: set[int]) -> Case | None:
    return Case.objects.exclude(pk__in=exclude).order_by("-received_on", "pk").first()


def _supervisor_for(complaint: Complaint):
    from sunlight.orgs.models import Membership, Role

    m = (
        Membership.objects.filter(org=complaint.supervising_org, role=Role.SUPERVISOR, is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return m.user if m else None


def _file(story: tuple, day: date, used: set[int]) -> Complaint | None:
    channel, about, key, content, _acts = story
    citizen = _user("lin.xiaoyu") or User.objects.filter(kind="citizen").order_by("pk").first()
    city_a01 = _window("云川市政务服务中心", "A01")
    qx_a01 = _window("青溪区政务服务中心", "A01")
    d01 = _window("云川市政务服务中心", "D01")
    with acting_on(day):
        if channel == "online":
            if about == "case":
                case = _case_of_applicant(used)
                if case is None:
                    return None
                used.add(case.pk)
                return actions.file_complaint(
                    by=case.applicant_user, about="case", case_number=case.number, content=content
                )
            if citizen is None or city_a01 is None:
                return None
            if about == "window":
                return actions.file_complaint(by=citizen, about="window", window=city_a01, content=content)
            return actions.file_complaint(
                by=citizen, about="staff", window=city_a01, staff_name="黄磊", content=content
            )
        registrar = _user("qx_supervisor") if key == "qx_staff" else _user("supervisor")
        if registrar is None:
            return None
        fields = {"by": registrar, "channel": channel, "about": about, "complainant_name": "张先生", "content": content}
        fields["phone"] = "13900000000"
        if about == "case":
            case = _any_case(used)
            if case is None:
                return None
            used.add(case.pk)
            fields["case_number"] = case.number
        elif about == "window":
            if d01 is None:
                return None
            fields["window"] = d01
        else:
            staff = _user("xu.li")
            if qx_a01 is None or staff is None:
                return None
            fields.update(window=qx_a01, staff_user=staff)
        return actions.register_complaint(**fields)[0]


def _follow_up(complaint: Complaint, acts: tuple, day: date) -> None:
    supervisor = _supervisor_for(complaint)
    if supervisor is None or not acts:
        return
    with acting_on(day + timedelta(days=1)):
        actions.start_investigation(complaint, by=supervisor, note="已调取办件记录并电话联系投诉人。")
    if "note" in acts:
        with acting_on(day + timedelta(days=3)):
            actions.add_investigation_note(complaint, by=supervisor, text="已约谈承办部门负责人，正在核实。")
    if acts[0] == "conclude":
        _kind, conclusion, late = acts
        on = complaint.due_on + timedelta(days=3) if late else day + timedelta(days=6)
        measures = "" if conclusion == "not_upheld" else "责令限期整改，对相关工作人员批评教育并通报。"
        with acting_on(on):
            actions.conclude_complaint(
                Complaint.objects.get(pk=complaint.pk),
                by=supervisor,
                conclusion=conclusion,
                findings="经调取记录、询问当事人，情况核实如下：" + complaint.content,
                measures=measures,
            )


def build_complaints(count: int = 8, stdout=None) -> int:
    today = timezone.localdate()
    told = set(Complaint.objects.values_list("content", flat=True))
    used = set(Complaint.objects.filter(case__isnull=False).values_list("case_id", flat=True))
    made = 0
    for i, story in enumerate(STORIES[:count]):
        if story[3] in told:
            continue
        # Spread over the last two months, the earliest first; the concluded ones early enough to be concluded.
        day = today - timedelta(days=60 - 7 * i)
        if story[4] and story[4][0] == "conclude" and story[4][2]:
            day = today - timedelta(days=40)
        if not story[4]:
            day = today - timedelta(days=20 if story[1] == "window" else 2)
        complaint = _file(story, day, used)
        if complaint is None:
            continue
        _follow_up(complaint, story[4], day)
        made += 1
    if stdout is not None:
        stdout.write(f"效能投诉 / complaints: {made} made\n")
    return made
