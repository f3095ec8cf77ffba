"""Demo requests (依申请公开): a year and a half of requests in three agencies, through the real acts.

Every request is registered and handled by the actions of sunlight.requests (intake, correction,
consultation, extension, fee notice, payment, reply, lapses) with the dates it would have had, so
the clock, the notices, the events and the annual reports of the demo city are what the platform
itself would have produced. The period is fixed (June 2025 to November 2026) so a rerun on another
day builds the same data; a run finds the marker request and does nothing.

Mix (by seeded chance): most requests answered 予以公开 or 无法提供 (a few after the deadline), some partial and withheld with
reasons, repeats and petitions not handled, corrections (answered and lapsed), third-party and
co-producer consultations (consent, objection, silence, one public-interest override), extensions,
fees (paid and lapsed), one Art. 35 deadline, the newest ones still open; several applicants asking
for the same information (Art. 44); appeals with each result; 2025 year figures and report drafts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from sunlight.clock.calendar import get_calendar
from sunlight.orgs.models import Org
from sunlight.requests import actions
from sunlight.requests.models import ApplicantType, InfoRequest

User = get_user_model()

FIRST_DAY, LAST_DAY = date(2025, 6, 2), date(2026, 11, 20)
# Requests received after this get no act that could push a deadline into a year the calendar lacks.
LATE = date(2026, 10, 20)

# (org full name, handler username, approver username)
AGENCIES = [
    ("云川市人民政府办公厅", "zhang.wei", "wang.fang"),
    ("云川市教育局", "li.na", "liu.yang"),
    ("青溪区人民政府办公室", "chen.jing", "yang.fan"),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "磊",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "建华",
    "志强",
    "海燕",
    "晓东",
    "丽华",
]
ORGANIZATIONS = {
    "business": [
        "云川市青溪科技有限公司",
        "云川市云湖建筑工程有限公司",
        "云川市白石食品有限公司",
        "示范省天河物流有限公司",
    ],
    "research": ["云川大学公共管理学院", "示范省社会科学院城市发展研究所"],
    "public_welfare": ["云川市绿水环保志愿者协会", "云川市助老公益服务中心"],
    "legal_services": ["示范省正衡律师事务所", "云川市青溪区法律援助中心"],
    "other_organization": ["柳塘村股份经济合作社", "云川市湖滨社区业主委员会"],
}
SUBJECTS = [
    "{year}年度{place}老旧小区改造项目的资金使用情况和施工单位名单",
    "{place}{road}拓宽工程的征地补偿标准及其批复文件",
    "{year}年{place}义务教育阶段学校招生划片范围及依据",
    "{place}{road}沿线噪声污染的监测数据",
    "{year}年度{place}城乡居民最低生活保障资金发放情况",
    "{place}保障性租赁住房项目的分配名单和分配规则",
    "{year}年{place}财政预算执行情况和三公经费支出明细",
    "{place}{road}地块国有土地使用权出让合同",
    "{year}年{place}校外培训机构的审批和检查结果",
    "{place}农村集体土地征收的批准文件和补偿安置方案",
    "{year}年度{place}政府采购项目的中标结果和合同",
    "{place}幼儿园收费标准的核定文件",
    "{place}食品安全抽检不合格企业名单及处理结果",
    "{year}年{place}重大建设项目的环境影响评价批复",
    "{place}{road}两侧违法建筑的拆除决定",
]
# The same information asked for by several people (Art. 44 material), with small wording changes.
POPULAR = [
    "{place}{road}拓宽工程的征地补偿标准及其批复文件",
    "{place}{road}拓宽工程征地补偿标准和批复文件",
    "关于{place}{road}拓宽工程的征地补偿标准及批复文件",
]
PLACES = ["青溪区", "云湖区", "白石区", "柳塘镇", "秋水镇", "青溪街道", "云湖街道"]
ROADS = ["民主路", "滨江大道", "云湖路", "松岭大道", "桃园路"]
PETITION = "举报{place}某小区物业公司乱收费，请求查处并给予答复"
PUBLICATION = "请提供《云川年鉴（{year}）》全文"


@dataclass
class _Staff:
    org: Org
    handler: object
    approver: object


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _id_number(rng: random.Random) -> str:
    """A fictional resident ID with a valid check digit (region 990102: not a real region)."""
    birth = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 50 * 365))
    body = f"990102{birth:%Y%m%d}{rng.randrange(0, 1000):03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]
    return body + check


def _applicant(rng: random.Random, types: dict[str, ApplicantType]) -> actions.Applicant:
    if rng.random() < 0.78:
        name = _person(rng)
        return actions.Applicant(
            type=types["natural_person"],
            name=name,
            id_number=_id_number(rng),
            phone=f"138{rng.randrange(10**8):08d}",
            address=f"云川市{rng.choice(PLACES)}{rng.choice(ROADS)}{rng.randrange(1, 300)}号",
        )
    code = rng.choices(list(ORGANIZATIONS), weights=[5, 2, 2, 3, 1])[0]
    return actions.Applicant(
        type=types[code],
        name=rng.choice(ORGANIZATIONS[code]),
        phone=f"0990-{rng.randrange(10**7):07d}",
        email=f"xxgk{rng.randrange(100, 999)}@yunchuan.example",
    )


def _working_after(day: date, n: int) -> date:
    return get_calendar().add(day, n, "working")


def _received_days(rng: random.Random, count: int) -> list[date]:
    cal = get_calendar()
    span = (LAST_DAY - FIRST_DAY).days
    days = []
    while len(days) < count:
        day = FIRST_DAY + timedelta(days=rng.randrange(span + 1))
        if cal.is_workday(day):
            days.append(day)
    return sorted(days)


def build_requests(count: int = 240, seed: int = 2025) -> dict[str, int]:
    """Create the demo requests once (a rerun returns {"created": 0}). Needs build_demo() first."""
    if InfoRequest.objects.filter(description__startswith="【演示】").exists():
        return {"created": 0}
    rng = random.Random(seed)
    types = {t.code: t for t in ApplicantType.objects.all()}
    staff = [
        _Staff(Org.objects.get(name=org), User.objects.get(username=h), User.objects.get(username=a))
        for org, h, a in AGENCIES
    ]
    stats: dict[str, int] = {"created": 0}
    popular_left = 5
    for n, received in enumerate(_received_days(rng, count)):
        s = staff[n % len(staff)]
        place, road, year = rng.choice(PLACES), rng.choice(ROADS), rng.choice([2023, 2024, 2025])
        template = rng.choice(SUBJECTS)
        if popular_left and s.org.name == AGENCIES[2][0] and received >= date(2026, 3, 1):
            template, place, road = POPULAR[popular_left % len(POPULAR)], "青溪区", "民主路"
            popular_left -= 1
        story = _story(rng, received)
        if story == "petition":
            template = PETITION
        elif story == "publication":
            template = PUBLICATION
        text = "【演示】" + template.format(place=place, road=road, year=year)
        applicant = _applicant(rng, types)
        if story == "repeat":  # someone already answered asks the same again
            earlier = (
                InfoRequest.objects.filter(org=s.org, status=InfoRequest.Status.CLOSED, replied_on__lt=received)
                .order_by("-replied_on")
                .first()
            )
            if earlier is None:
                story = "disclosed"
            else:
                applicant = actions.Applicant(
                    type=earlier.applicant_type,
                    name=earlier.applicant_name,
                    id_number=earlier.id_number,
                    phone=earlier.phone,
                    email=earlier.email,
                    address=earlier.address,
                )
                text = earlier.description
        with transaction.atomic():
            info_request = actions.register(
                by=s.handler,
                org=s.org,
                applicant=applicant,
                received_on=received,
                description=text,
                channel=rng.choice(["in_person", "registered_post", "email", "fax", "ordinary_post"]),
                format=rng.choice(["electronic", "electronic", "paper"]),
                delivery=rng.choice(["email", "post", "pickup", "online"]),
                on=received,
            )
            _handle(rng, info_request, s, story, received)
        stats["created"] += 1
        stats[story] = stats.get(story, 0) + 1
    stats["appeals"] = _appeals(rng, staff)
    return stats


def _story(rng: random.Random, received: date) -> str:
    if received > LATE:
        return rng.choice(["open", "open", "disclosed"])
    return rng.choices(
        [
            "disclosed",
            "partial",
            "withheld",
            "unavailable",
            "petition",
            "publication",
            "correction",
            "correction_lapsed",
            "consultation",
            "extension",
            "fee_paid",
            "fee_lapsed",
            "repeat",
            "art35",
            "late",
        ],
        weights=[34, 8, 8, 16, 3, 2, 6, 2, 6, 6, 2, 1, 3, 1, 2],
    )[0]


def _reply(
    info_request: InfoRequest, s: _Staff, on: date, category: str, number: int | None, text: str, **extra
) -> None:
    actions.reply(info_request, by=s.handler, category=category, number=number, text=text, on=on, **extra)


def _handle(rng: random.Random, info_request: InfoRequest, s: _Staff, story: str, received: date) -> None:

    day = lambda n: _working_after(received, n)  # noqa: E731 - the story's dates, in working days after receipt
    answer = rng.randrange(5, 19)
    if story == "open":
        return
    if story == "disclosed":
        _reply(
            info_request, s, day(answer), "disclosed", None, "经查，您申请的信息属于公开范围，现予以提供，详见附件。"
        )
    elif story == "late":  # answered after the deadline: what supervision and the on-time rate are for
        _reply(
            info_request,
            s,
            day(rng.randrange(22, 27)),
            "disclosed",
            None,
            "经查，您申请的信息属于公开范围，现予以提供，详见附件。",
        )
    elif story == "partial":
        _reply(
            info_request,
            s,
            day(answer),
            "partial",
            None,
            "经查，您申请的信息部分内容涉及个人隐私，已作区分处理，其余部分予以提供。",
            withheld_parts=[{"part": "名单中的身份证号码和联系电话", "reason": "涉及个人隐私（第十五条）"}],
        )
    elif story == "withheld":
        number = rng.choice([3, 4, 5, 6, 6, 7, 8])
        _reply(info_request, s, day(answer), "withheld", number, "经审查，您申请的信息依法不予公开，理由见本告知书。")
    elif story == "unavailable":
        number = rng.choice([1, 1, 1, 2])
        extra = {"referred_agency": "云川市自然资源局"} if number == 1 and rng.random() < 0.5 else {}
        _reply(info_request, s, day(answer), "unavailable", number, "经检索，本机关未制作或获取您申请的信息。", **extra)
    elif story == "petition":
        _reply(info_request, s, day(3), "not_handled", 1, "您的申请属于信访、投诉、举报事项，请通过信访渠道提出。")
    elif story == "publication":
        _reply(info_request, s, day(3), "not_handled", 3, "您要求提供的是公开出版物，请通过公开发行渠道获取。")
    elif story in ("correction", "correction_lapsed"):
        asked = day(rng.randrange(2, 7))
        actions.request_correction(
            info_request,
            by=s.handler,
            items="请写明所需信息的名称、文号或形成时间等特征描述。",
            correct_by=_working_after(asked, 10),
            on=asked,
        )
        if story == "correction_lapsed":
            actions.lapse_corrections(today=_working_after(asked, 11))
        else:
            back = _working_after(asked, rng.randrange(2, 9))
            actions.receive_correction(info_request, by=s.handler, on=back)
            if rng.random() < 0.8:
                _reply(
                    info_request,
                    s,
                    _working_after(back, rng.randrange(4, 15)),
                    "disclosed",
                    None,
                    "根据补正后的申请内容，现予以提供。",
                )
            else:
                _reply(
                    info_request,
                    s,
                    _working_after(back, rng.randrange(4, 15)),
                    "unavailable",
                    3,
                    "补正后申请内容仍不明确，本机关无法提供。",
                )
    elif story == "consultation":
        _consultation(rng, info_request, s, day)
    elif story == "extension":
        on = day(rng.randrange(14, 19))
        # The handler asks; the head of the disclosure office approves in their own session (the next working day).
        asked = actions.request_extension(
            info_request,
            by=s.handler,
            days=rng.choice([10, 15, 20]),
            reason="所需信息涉及多个年度、数量较大，需要检索整理。",
            on=on,
        )
        on = _working_after(on, 1)
        info_request = actions.approve_extension(asked, by=s.approver, on=on)
        _reply(
            info_request, s, _working_after(on, rng.randrange(3, 9)), "disclosed", None, "经延期检索整理，现予以提供。"
        )
    elif story in ("fee_paid", "fee_lapsed"):
        on = day(rng.randrange(3, 8))
        actions.issue_fee_notice(info_request, by=s.handler, method="per_page", pages=rng.randrange(60, 260), on=on)
        if story == "fee_lapsed":
            info_request.refresh_from_db()
            actions.lapse_unpaid_fees(today=info_request.fee_due_on + timedelta(days=1))
        else:
            paid = _working_after(on, rng.randrange(2, 10))
            actions.record_payment(info_request, by=s.handler, on=paid)
            _reply(info_request, s, _working_after(paid, 5), "disclosed", None, "您已缴纳信息处理费，现予以提供。")
    elif story == "repeat":
        from sunlight.requests.repeats import find_repeats

        earlier = find_repeats(info_request)[0]  # what the request page offers the handler
        _reply(
            info_request,
            s,
            day(4),
            "not_handled",
            2,
            f"您的申请与已答复的申请（{earlier.number}）内容相同，本机关不再重复处理。",
            repeat_of=earlier,
        )
    elif story == "art35":
        actions.set_reasonable_deadline(
            info_request,
            by=s.handler,
            due_on=_working_after(info_request.due_on, 25),
            reason="第三十五条：申请人短期内提出大量申请，理由合理但无法在法定期限内答复。",
            on=day(5),
        )
        _reply(info_request, s, day(40), "disclosed", None, "现在确定的合理期限内予以提供。")


def _consultation(rng: random.Random, info_request: InfoRequest, s: _Staff, day) -> None:

    sent = day(rng.randrange(4, 10))
    kind = rng.choice(["third_party", "third_party", "co_producer"])
    party = "云川市青溪科技有限公司" if kind == "third_party" else "云川市财政局"
    c = actions.consult(
        info_request,
        by=s.handler,
        kind=kind,
        party=party,
        matter="申请公开的信息涉及贵单位的商业信息，请提出是否同意公开的意见。",
        on=sent,
    )
    # A co-producer agrees or stays silent (silence = consent, Art. 34); only a third party objects (Art. 32).
    fate = rng.choice(
        ["consent", "objection", "silence", "override"] if kind == "third_party" else ["consent", "silence"]
    )
    back = _working_after(sent, rng.randrange(3, 14))
    if fate == "silence":
        actions.lapse_consultations(today=_working_after(c.due_on, 1))
        back = _working_after(c.due_on, 1)
    elif fate == "consent":
        actions.record_answer(c, by=s.handler, answer="consent", on=back)
    else:
        actions.record_answer(c, by=s.handler, answer="objection", text="涉及本公司商业秘密，不同意公开。", on=back)
    if fate == "override":
        actions.override_objection(
            c, by=s.approver, reason="该信息关系周边居民的生命健康，不公开可能对公共利益造成重大影响。", on=back
        )
        _reply(
            info_request,
            s,
            _working_after(back, 3),
            "disclosed",
            None,
            "经征求第三方意见并审查，本机关认为不公开可能对公共利益造成重大影响，决定予以公开。",
        )
    elif fate == "objection":
        _reply(
            info_request,
            s,
            _working_after(back, 3),
            "withheld",
            4,
            "经征求第三方意见，第三方以涉及商业秘密为由不同意公开，依法不予公开。",
        )
    else:
        _reply(info_request, s, _working_after(back, 3), "disclosed", None, "经征求意见，现予以提供。")


def _appeals(rng: random.Random, staff: list[_Staff]) -> int:

    made = 0
    plan = [
        ("reconsideration", "upheld"),
        ("reconsideration", "corrected"),
        ("reconsideration", "pending"),
        ("reconsideration", "other"),
        ("lawsuit_direct", "upheld"),
        ("lawsuit_after", "pending"),
        ("lawsuit_direct", "corrected"),
    ]
    closed = list(
        InfoRequest.objects.filter(
            status=InfoRequest.Status.CLOSED, outcome__category__in=["withheld", "unavailable", "not_handled"]
        )
        .select_related("org")
        .order_by("replied_on", "pk")
    )
    for n, (kind, result) in enumerate(plan):
        if n >= len(closed):
            break
        info_request = closed[(n * 7) % len(closed)]
        s = next(x for x in staff if x.org.pk == info_request.org_id)
        filed = _working_after(info_request.replied_on, rng.randrange(10, 40))
        if filed > LAST_DAY:
            continue
        appeal = actions.record_appeal(
            by=s.handler,
            org=info_request.org,
            kind=kind,
            filed_on=filed,
            info_request=info_request,
            case_number=f"云复〔{filed.year}〕{n + 11}号"
            if kind == "reconsideration"
            else f"（{filed.year}）示0102行初{n + 21}号",
        )
        decided = _working_after(filed, 45)
        if result != "pending" and decided <= LAST_DAY:
            actions.decide_appeal(appeal, by=s.handler, result=result, decided_on=decided)
        made += 1
    return made
