"""Demo cases: a few hundred applications to the demo city's market and housing bureaus, through the real acts,
each on the day it would have happened (days.acting_on), so clocks, notices and events are the platform's own.

Every state is there: on time and late, corrected, refused at acceptance, deemed accepted (Art. 32), in a special
procedure, suspended, extended, decided and waiting for delivery, delivered (granted and refused), withdrawn; the
newest still waiting at the windows; and a few cases across levels (三级运行: accepted at 柳塘镇, decided by the
city, one registered at 柳塘村's service point). A run finds the cases it made before (by their external reference) and adds
only what is missing.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from sunlight.catalog.kinds import APPLIED_KINDS
from sunlight.catalog.models import ServiceItem
from sunlight.catalog.queries import version_in_force
from sunlight.clock.calendar import get_calendar
from sunlight.orgs.models import Membership, Org, Role
from sunlight.screening import id_check_char

from . import actions
from .actions import Applicant, MaterialInput, Submission
from .days import acting_on
from .models import Case

User = get_user_model()

# The bureaus whose items the demo applies for: (org, handler, approver, clerk of the center that receives).
BUREAUS = [
    ("云川市市场监督管理局", "sun.qiang", "ma.jun", "huang.lei"),
    ("云川市住房和城乡建设局", "zhu.hong", "hu.bin", "huang.lei"),
    ("青溪区市场监督管理局", "sun.qiang", "ma.jun", "xu.li"),
]
PEOPLE = "王芳 李强 张敏 刘洋 陈静 杨帆 黄磊 赵丽 吴昊 周婷 徐亮 孙悦 马骏 朱红 胡斌 郭敏 何杰 林涛".split()
PDF = b"%PDF-1.4\n% demo material\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
STORIES = (
    ["delivered"] * 9
    + ["corrected_delivered"] * 3
    + ["refused_decision", "not_accepted", "deemed", "special", "suspended", "extended", "withdrawn"]
    + ["decided", "decided", "handling", "handling", "handling", "at_approval", "correcting"]
)


def _id_number(rng: random.Random) -> str:
    body = f"1101011{rng.randint(960, 999)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(100, 999)}"
    return body[:17] + id_check_char(body[:17])


def _staff(name: str, org: Org, role: str):
    user = User.objects.filter(username=name).first()
    if user is not None:
        Membership.objects.get_or_create(user=user, org=org, role=role)
        user.__dict__.pop("_sunlight_memberships", None)
    return user


def _working_days(first: date, last: date) -> list[date]:
    cal = get_calendar()
    days, day = [], first
    while day <= last:
        if cal.add(day - timedelta(days=1), 1, "working") == day:
            days.append(day)
        day += timedelta(days=1)
    return days


def _materials(version) -> list[MaterialInput]:
    specs = (version.guide or {}).get("materials", [])
    return [
        MaterialInput(i, upload=SimpleUploadedFile(f"{s.get('name', '材料')}.pdf", PDF, "application/pdf"))
        for i, s in enumerate(specs)
        if s.get("required", True)
    ]


def build_cases(count: int = 300, seed: int = 2026) -> int:
    """Up to `count` demo cases over the last four months; returns how many were made this run."""
    rng = random.Random(seed)
    today = timezone.localdate()
    cal = get_calendar()
    days = _working_days(today - timedelta(days=120), today)
    companies = list(
        User.objects.filter(kind=User.Kind.LEGAL_PERSON, username__in=["qingxi.tech", "yunhu.build", "baishi.food"])
    )
    citizens = list(User.objects.filter(kind=User.Kind.CITIZEN, username__in=["lin.xiaoyu", "gao.jian", "tang.mei"]))
    plans = []
    for org_name, handler, approver, clerk in BUREAUS:
        org = Org.objects.filter(name=org_name).first()
        if org is None:
            continue
        staff = (
            _staff(handler, org, Role.HANDLER),
            _staff(approver, org, Role.APPROVER),
            User.objects.filter(username=clerk).first(),
        )
        if None in staff:
            continue
        items = [
            i
            for i in ServiceItem.objects.filter(
                org=org, status=ServiceItem.Status.ACTIVE, kind__in=APPLIED_KINDS
            ).order_by("code")
            if version_in_force(i, today) is not None
        ]
        plans += [(i, staff) for i in items]
    if not plans or not days:
        return 0
    made = _build_level_cases(rng, days, citizens)
    for n in range(count):
        ref = f"DEMO-{n:04d}"
        if Case.objects.filter(external_ref=ref).exists():
            continue
        item, (handler, approver, clerk) = plans[n % len(plans)]
        story = STORIES[n % len(STORIES)]
        # Closed stories start long ago; open ones recently (the queue shows green, yellow and red).
        window = (
            days[: len(days) // 2]
            if story.startswith(("delivered", "corrected", "refused", "not_", "withdrawn"))
            else days[-25:]
        )
        received = rng.choice(window)
        applicant = rng.choice(companies + citizens) if rng.random() < 0.7 and companies + citizens else None
        try:
            with transaction.atomic():
                _story(rng, story, item, received, applicant, handler, approver, clerk, ref, cal)
            made += 1
        except Exception:  # an item whose data the demo cannot fill in (e.g. a calendar gap): skip it
            continue
    return made


def _story(rng, story, item, received, applicant, handler, approver, clerk, ref, cal) -> None:
    version = version_in_force(item, received)
    if version is None:
        raise LookupError("no version in force on the day")
    company = getattr(applicant, "kind", "") == User.Kind.LEGAL_PERSON
    name = applicant.display_name if applicant else rng.choice(PEOPLE)
    number = (applicant.credit_code if company else _id_number(rng)) or _id_number(rng)
    submission = Submission(
        Applicant(
            Case.ApplicantKind.COMPANY if company else Case.ApplicantKind.PERSON,
            name,
            number,
            "1390000" + str(rng.randint(1000, 9999)),
        ),
        _materials(version),
    )

    def day(n: int) -> date:
        return min(cal.add(received, n, "working"), timezone.localdate())

    with acting_on(received):
        if applicant is not None:
            case = actions.submit_online(item, submission, by=applicant)
        else:
            case, _code = actions.register_at_window(item, submission, by=clerk)
        Case.objects.filter(pk=case.pk).update(external_ref=ref)
    if story == "correcting":
        with acting_on(day(1)):
            actions.request_correction(
                case, by=clerk, defects=["营业执照复印件不清晰，请重新上传", "申请书缺少法定代表人签字"]
            )
        return
    if story == "corrected_delivered" and case.applicant_user_id:
        with acting_on(day(1)):
            actions.request_correction(case, by=clerk, defects=["申请书缺少法定代表人签字"])
        received = day(3)
        with acting_on(received):
            upload = SimpleUploadedFile("补正.pdf", PDF, "application/pdf")
            actions.submit_correction(case, [MaterialInput(0, upload=upload)], by=case.applicant_user)
    if story == "not_accepted":
        with acting_on(day(2)):
            actions.refuse_case(case, by=clerk, reason="申请事项依法不属于本机关职权范围，请向有关行政机关申请。")
        return
    if story == "withdrawn":
        with acting_on(day(1)):
            if case.applicant_user_id:
                actions.withdraw_case(case, by=case.applicant_user, reason="不再需要办理")
            else:
                actions.refuse_case(case, by=clerk, reason="申请材料不符合法定形式，且申请人表示不再补正。")
        return
    if case.is_on_the_spot:
        with acting_on(day(0)):
            actions.handle_on_the_spot(case, by=clerk)
        return
    if story == "deemed":
        with acting_on(day(7)):
            actions.accept_overdue_cases(day(7))
        return
    with acting_on(day(1)):
        case = actions.accept_case(case, by=clerk)
    if story == "extended":
        with acting_on(day(3)):
            actions.extend_case(case, by=approver, reason="需要对经营场所进行现场核查，情况复杂")
        return
    if story in ("special", "suspended"):
        with acting_on(day(2)):
            if story == "special":
                actions.start_special_procedure(
                    case, by=handler, procedure="expert", reason="技术方案需组织专家评审", expected_days=10
                )
            else:
                actions.suspend_case(case, by=handler, reason="申请人申请暂缓办理，待补充产权证明")
        return
    if story == "handling":
        return
    with acting_on(day(2)):
        case = actions.complete_step(case, by=handler, opinion="材料齐全，符合法定条件，拟同意。")
    while case.current_step() and case.current_step().role != Role.APPROVER:
        with acting_on(day(3)):
            case = actions.complete_step(
                case, by=handler if case.current_step().role == Role.HANDLER else approver, opinion="同意。"
            )
    if story == "at_approval":
        return
    granted = story != "refused_decision"
    late = rng.random() < 0.08
    with acting_on(day(case.promised_limit + (3 if late else 0))):
        case = actions.decide_case(
            case,
            by=approver,
            granted=granted,
            text="符合法定条件、标准，准予许可。"
            if granted
            else "经现场核查，经营场所与有毒有害场所的距离不符合要求。",
        )
    if story == "decided":
        return
    with acting_on(min(cal.add(case.decided_on, rng.randint(0, 2), "working"), timezone.localdate())):
        actions.deliver_result(case, by=clerk, method=rng.choice(["窗口领取", "邮寄送达", "电子送达"]))


# 三级运行: items of the city's market bureau accepted at 柳塘镇 (its 便民服务中心 window: 徐丽 also staffs it) and
# reviewed there first (初审, by the district's admin 周磊, who may act in the township), decided by the city; one
# registered at 柳塘村's service point for a resident. (story, reference)
TOWN, VILLAGE = "青溪区柳塘镇人民政府", "青溪区柳塘镇柳塘村村民委员会"
LEVEL_STORIES = [("delivered", "DEMO-L-0"), ("at_city", "DEMO-L-1"), ("at_town", "DEMO-L-2"), ("village", "DEMO-L-3")]


def _build_level_cases(rng, days: list[date], citizens) -> int:
    town = Org.objects.filter(name=TOWN).first()
    village = Org.objects.filter(name=VILLAGE).first()
    bureau = Org.objects.filter(name="云川市市场监督管理局").first()
    if None in (town, village, bureau):
        return 0
    clerk = _staff("xu.li", town, Role.WINDOW_CLERK)
    village_clerk = _staff("xu.li", village, Role.WINDOW_CLERK)
    reviewer = User.objects.filter(username="qx_admin").first()
    handler, approver = _staff("sun.qiang", bureau, Role.HANDLER), _staff("ma.jun", bureau, Role.APPROVER)
    items = [
        i
        for i in ServiceItem.objects.filter(org=bureau, status=ServiceItem.Status.ACTIVE, kind__in=APPLIED_KINDS)
        if (v := version_in_force(i, days[0])) is not None and v.promised_limit > 0
    ]
    if None in (clerk, village_clerk, reviewer, handler, approver) or not items or len(days) < 30:
        return 0
    made = 0
    for n, (story, ref) in enumerate(LEVEL_STORIES):
        if Case.objects.filter(external_ref=ref).exists():
            continue
        received = days[-25] if story == "delivered" else days[-6 + n]
        try:
            with transaction.atomic():
                _level_story(
                    rng,
                    story,
                    ref,
                    items[n % len(items)],
                    received,
                    town,
                    village,
                    clerk,
                    reviewer,
                    handler,
                    approver,
                    citizens,
                )
            made += 1
        except Exception:  # an item whose data the demo cannot fill in: skip it
            continue
    return made


def _level_story(rng, story, ref, item, received, town, village, clerk, reviewer, handler, approver, citizens):
    cal = get_calendar()
    version = version_in_force(item, received)
    submission = Submission(
        Applicant(
            Case.ApplicantKind.PERSON, rng.choice(PEOPLE), _id_number(rng), "1390000" + str(rng.randint(1000, 9999))
        ),
        _materials(version),
    )

    def day(n: int) -> date:
        return min(cal.add(received, n, "working"), timezone.localdate())

    at_org = village if story == "village" else town
    with acting_on(received):
        case, _code = actions.register_for_upper_level(
            item, submission, by=clerk, at_org=at_org, applicant_user=citizens[0] if citizens else None
        )
        Case.objects.filter(pk=case.pk).update(external_ref=ref)
    if story == "village":
        return
    with acting_on(day(1)):
        case = actions.accept_case(case, by=clerk)
    if story == "at_town":
        return
    with acting_on(day(4)):
        case = actions.transfer_case(
            case, by=reviewer, to_org=item.org, opinion="经初审，申请材料齐全、符合法定形式，现场核查属实，同意上报。"
        )
    if story == "at_city":
        return
    while case.current_step() and case.current_step().role != Role.APPROVER:
        with acting_on(day(6)):
            case = actions.complete_step(case, by=handler, opinion="材料齐全，符合法定条件，拟同意。")
    with acting_on(day(8)):
        case = actions.decide_case(case, by=approver, granted=True, text="符合法定条件、标准，准予许可。")
    with acting_on(day(9)):
        actions.deliver_result(case, by=handler, method="邮寄送达")
