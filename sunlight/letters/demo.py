"""Demo letters: the mailboxes of the demo city (市长信箱, 12345 热线, 青溪区区长信箱) and a year of letters across the
five types and the departments, each taken through the loop on the days it would have happened
(cases.days.acting_on): accepted, assigned, answered, followed up, rated, published when the writer allowed. The
text is a matter from the list below with corpus sentences; a burst (供暖) fills the last month, one matter is written
by many writers (the duplicates), a few letters are still open and one is past 60 days (the 3-month alarm). Letter i
carries external_ref "demo-i", so a rerun adds only what is missing."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model

from sunlight.cases.days import acting_on, today
from sunlight.disclosure.demo import SENTENCES
from sunlight.orgs.models import Org

from . import actions
from .models import Letter, Mailbox

User = get_user_model()
CITY_OFFICE, QX_OFFICE = "云川市人民政府办公厅", "青溪区人民政府办公室"
MAILBOXES = [
    ("mayor", "市长信箱", Mailbox.Kind.LEADER, CITY_OFFICE, "市长信箱由市政府办公厅受理，转有关部门办理并答复。"),
    ("12345", "12345政务服务便民热线", Mailbox.Kind.HOTLINE, CITY_OFFICE, "12345热线受理的诉求在此登记和办理。"),
    ("qx-head", "青溪区区长信箱", Mailbox.Kind.LEADER, QX_OFFICE, "青溪区区长信箱由区政府办公室受理。"),
]
# (type, department, subject, the matter): what residents write about; the department answers.
MATTERS = [
    (
        "complain",
        "云川市市场监督管理局",
        "餐馆卫生问题",
        "小区门口的餐馆后厨卫生条件差，油烟直排，希望市场监管部门检查。",
    ),
    ("report", "云川市市场监督管理局", "超市销售过期食品", "某超市货架上有过期食品在售，已拍照留存，请依法查处。"),
    (
        "consult",
        "云川市市场监督管理局",
        "个体工商户注册",
        "想开一家小型便利店，咨询个体工商户注册需要哪些材料、在哪里办理。",
    ),
    ("complain", "云川市住房和城乡建设局", "物业收费不合理", "小区物业擅自提高物业费，公共区域维修长期无人管理。"),
    (
        "help",
        "云川市住房和城乡建设局",
        "老旧小区加装电梯",
        "我家住六楼，老人上下楼困难，希望了解老旧小区加装电梯的补贴政策。",
    ),
    (
        "complain",
        "云川市住房和城乡建设局",
        "工地夜间施工扰民",
        "附近工地每天夜里十一点以后仍在施工，噪音很大，影响休息。",
    ),
    ("complain", "云川市生态环境局", "工厂排放异味", "工业园区一家工厂傍晚排放刺鼻气味，周边居民窗户都不敢开。"),
    ("suggest", "云川市生态环境局", "河道垃圾清理", "建议加强城区河道的垃圾清理，夏天河水发臭，影响周边居民。"),
    ("consult", "云川市自然资源局", "宅基地审批", "农村宅基地翻建需要办理哪些审批手续，咨询具体流程。"),
    ("suggest", "云川市发展和改革委员会", "公交线路调整", "建议新开一条连接高铁站和老城区的公交线路，方便市民出行。"),
    ("consult", "云川市人民政府办公厅", "政府信息公开申请", "想了解如何申请公开本市的旧城改造补偿方案。"),
]
BURST = (
    "complain",
    "云川市住房和城乡建设局",
    "小区供暖温度不达标",
    "入冬以来小区供暖温度一直不达标，室内只有十几度，老人孩子受冻，请督促供暖公司整改。",
)
DUPLICATE = (
    "complain",
    "云川市住房和城乡建设局",
    "青溪路积水问题",
    "青溪路与学府街交叉口一下雨就积水，行人车辆通行困难，请尽快修整排水。",
)
NAMES = ["张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴"]


def _mailboxes() -> dict[str, Mailbox]:
    out = {}
    for code, name, kind, org_name, intro in MAILBOXES:
        org = Org.objects.filter(name=org_name).first()
        if org is None:
            continue
        out[code], _created = Mailbox.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "org": org, "intro": intro, "order": len(out)}
        )
    return out


def _member(org: Org, roles) -> object | None:
    return User.objects.filter(memberships__org=org, memberships__role__in=roles, memberships__is_active=True).first()


def _plan(i: int, count: int, rng: random.Random, start: date) -> tuple[tuple, date]:
    """Letter i: its matter and the day it was written."""
    span = (today() - start).days
    if i % 25 == 7:  # the same matter, many writers
        return DUPLICATE, today() - timedelta(days=rng.randint(5, 40))
    if i >= count - max(3, count // 12):  # the last month's burst
        return BURST, today() - timedelta(days=rng.randint(1, 28))
    return rng.choice(MATTERS), start + timedelta(days=rng.randint(0, max(span - 1, 1)))


def _story(letter: Letter, rng: random.Random, officer, dept: Org, written: date) -> None:
    """Take the letter through the loop as far as its age allows."""
    from .actions.rules import HANDLE_ROLES

    handler = _member(dept, HANDLE_ROLES)
    if handler is None:  # a department without a handler in the demo: the mailbox's own office answers
        dept = letter.mailbox.org
        handler = _member(dept, HANDLE_ROLES)
    if handler is None or officer is None:
        return
    age = (today() - written).days
    day = written + timedelta(days=1)
    with acting_on(day):
        letter = actions.accept_letter(letter, by=officer)
        letter = actions.assign_letter(letter, by=officer, org=dept)
    if age < 6 or (age > 60 and letter.external_ref.endswith("3")):  # still open (one past the 60-day alarm)
        return
    day += timedelta(days=rng.randint(1, 3))
    with acting_on(day):
        letter = actions.take_letter(letter, by=handler)
    day += timedelta(days=rng.randint(1, 6))
    reply = f"您反映的“{letter.subject}”已收悉。经核查，我单位已安排专人处理，{rng.choice(SENTENCES)}感谢您的监督。"
    with acting_on(day):
        letter = actions.reply_letter(letter, by=handler, reply=reply)
        if rng.random() < 0.7:
            letter = actions.follow_up_letter(letter, by=officer, result="电话回访，来信人表示已收到答复。")
        if letter.publish_consent:
            letter = actions.publish_letter(letter, by=officer)
    if letter.writer_user_id and rng.random() < 0.8:
        with acting_on(day + timedelta(days=1)):
            rating = rng.choice(["satisfied", "satisfied", "satisfied", "basic", "unsatisfied"])
            actions.rate_letter(
                letter,
                by=letter.writer_user,
                rating=rating,
                comment="答复不够具体。" if rating == "unsatisfied" else "",
            )


def build_letters(count: int) -> int:
    boxes = _mailboxes()
    if not boxes:
        return 0
    citizens = list(User.objects.filter(kind="citizen").order_by("pk")[:3])
    made = 0
    start = today() - timedelta(days=365)
    existing = set(Letter.objects.filter(client="demo").values_list("external_ref", flat=True))
    for i in range(count):
        rng = random.Random(i)
        (type_, dept_name, subject, matter), written = _plan(i, count, rng, start)
        ref = f"demo-{i}"
        if ref in existing:
            continue
        box = (
            boxes.get("qx-head")
            if (i % 5 == 0 and "qx-head" in boxes)
            else boxes.get("12345" if i % 3 == 0 else "mayor")
        )
        box = box or next(iter(boxes.values()))
        writer = citizens[i % len(citizens)] if citizens and i % 4 == 0 else None
        content = matter + "".join(rng.choice(SENTENCES) for _ in range(rng.randint(0, 2)))
        with acting_on(written):
            letter, _code = actions.write_letter(
                by=writer,
                mailbox=box,
                type=type_,
                subject=subject,
                content=content,
                writer_name="" if writer else rng.choice(NAMES) + rng.choice(["先生", "女士"]),
                phone="" if writer else f"139{i:08d}",
                publish_consent=rng.random() < 0.6,
                channel=Letter.Channel.HOTLINE if box.code == "12345" else Letter.Channel.WEB,
                client="demo",
                external_ref=ref,
            )
        dept = Org.objects.filter(name=dept_name).first() if box.code != "qx-head" else box.org
        officer = _member(box.org, ("letters_officer",))
        _story(letter, rng, officer, dept or box.org, written)
        made += 1
    return made
