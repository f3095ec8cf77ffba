"""Demo 意见征集 and 听证 in 云川市人民政府办公厅: a concluded consultation (comments moderated, a feedback report with
every decision, the final document linked), an open one (approved comments, one with a phone number masked, one
waiting for moderation), and a hearing with its record. The drafts and the final document are published through the
disclosure acts when the catalog has none of them yet. Each act runs on the day it would have happened
(cases.days.acting_on). A story already told (found by its title) is not told again."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from sunlight.cases.days import acting_on
from sunlight.disclosure import actions as disclosure
from sunlight.disclosure.models import Document, Genre, Topic
from sunlight.disclosure.queries import public_documents
from sunlight.orgs.models import Org

from . import actions
from .models import Comment, Consultation, FeedbackPoint, Hearing

User = get_user_model()
ORG = "云川市人民政府办公厅"
CONCLUDED = "《云川市城市养犬管理规定（征求意见稿）》公开征求意见"
OPEN = "《云川市老旧小区加装电梯实施办法（征求意见稿）》公开征求意见"
HEARING = "云川市居民生活用水阶梯价格调整听证会"


def _user(username: str):
    return User.objects.filter(username=username).first()


def _published(org: Org, title: str, genre_code: str, body: str, by, reviewer) -> Document:
    """The catalog's published document of that title, or a new one through the disclosure acts."""
    found = public_documents().filter(publisher=org, title=title).first()
    if found is not None:
        return found
    doc = disclosure.create_document(
        publisher=org,
        by=by,
        title=title,
        created_on=timezone.localdate() - timedelta(days=70),
        genre=Genre.objects.get(code=genre_code),
        topic=Topic.objects.filter(code="01").first(),
        body_html=body,
    )
    disclosure.submit_document(doc, by=by)
    disclosure.review_document(doc, by=reviewer, conclusion="approved", grounds="不涉及国家秘密和个人隐私。")
    return disclosure.publish_document(Document.objects.get(pk=doc.pk), by=reviewer)


def _consult(org, draft, title, summary, start_on, end_on, officer) -> Consultation:
    with acting_on(start_on):
        consultation = actions.create_consultation(
            by=officer, org=org, draft=draft, title=title, summary=summary, start_on=start_on, end_on=end_on
        )
        return actions.open_consultation(consultation, by=officer)


def _comments(consultation: Consultation, rows: list[tuple[str, str, str]], day: date) -> list[Comment]:
    made = []
    for i, (who, name, text) in enumerate(rows):
        with acting_on(day + timedelta(days=i)):
            made.append(actions.submit_comment(consultation, by=_user(who) if who else None, name=name, content=text))
    return made


def _concluded(org: Org, officer, reviewer, today: date) -> bool:
    if Consultation.objects.filter(title=CONCLUDED).exists():
        return False
    draft = _published(
        org,
        "云川市城市养犬管理规定（征求意见稿）",
        "public_notice",
        "<p>第一条 为规范城市养犬行为，保障公民健康和人身安全，制定本规定。</p><p>第八条 携犬出户应当束犬链，犬链长度不得超过1.5米。</p>",
        officer,
        reviewer,
    )
    start_on, end_on = today - timedelta(days=60), today - timedelta(days=31)
    consultation = _consult(
        org, draft, CONCLUDED, "欢迎社会各界通过本平台提出意见建议，征集期30天。", start_on, end_on, officer
    )
    comments = _comments(
        consultation,
        [
            ("lin.xiaoyu", "", "建议犬链长度放宽到2米，1.5米对大型犬太短。"),
            ("gao.jian", "", "希望明确小区内禁止遛犬的区域，并设置宠物便溺箱。"),
            ("", "王先生", "建议对未束犬链的处罚标准写清楚，我的电话13812345678，可以联系我。"),
            ("", "匿名", "这是广告：低价办证，联系微信。"),
        ],
        start_on + timedelta(days=3),
    )
    with acting_on(end_on + timedelta(days=1)):
        for c in comments[:3]:
            actions.moderate_comment(c, by=officer, decision="approved")
        actions.moderate_comment(comments[3], by=officer, decision="rejected", reason="与征求意见稿无关的广告内容。")
        actions.close_consultation(consultation, by=officer)
    with acting_on(end_on + timedelta(days=5)):
        actions.add_feedback_point(
            consultation,
            by=officer,
            summary="犬链长度限制过严。",
            decision=FeedbackPoint.Decision.PARTLY,
            reasons="大型犬犬链长度放宽至2米；中小型犬维持1.5米，以保障他人安全。",
            comments=[comments[0]],
        )
        actions.add_feedback_point(
            consultation,
            by=officer,
            summary="明确小区内遛犬区域和便溺设施。",
            decision=FeedbackPoint.Decision.ADOPTED,
            comments=[comments[1]],
        )
        actions.add_feedback_point(
            consultation,
            by=officer,
            summary="在规定中写明未束犬链的罚款数额。",
            decision=FeedbackPoint.Decision.NOT_ADOPTED,
            reasons="罚款数额已由《云川市养犬管理条例》规定，本规定不再重复。",
            comments=[comments[2]],
        )
        actions.publish_feedback_report(
            consultation, by=reviewer, intro="征集期间共收到意见4条，其中公开3条，归纳为3个方面。"
        )
    final = _published(
        org,
        "云川市城市养犬管理规定",
        "normative",
        "<p>第一条 为规范城市养犬行为，保障公民健康和人身安全，制定本规定。</p><p>第八条 携犬出户应当束犬链；大型犬犬链长度不得超过2米。</p>",
        officer,
        reviewer,
    )
    actions.link_final_document(consultation, by=reviewer, document=final)
    return True


def _open(org: Org, officer, reviewer, today: date) -> bool:
    if Consultation.objects.filter(title=OPEN).exists():
        return False
    draft = _published(
        org,
        "云川市老旧小区加装电梯实施办法（征求意见稿）",
        "public_notice",
        "<p>第五条 加装电梯应当经本单元房屋专有部分面积占比三分之二以上的业主同意。</p>",
        officer,
        reviewer,
    )
    start_on, end_on = today - timedelta(days=5), today + timedelta(days=25)
    consultation = _consult(org, draft, OPEN, "重点听取低楼层住户和高龄老人家庭的意见。", start_on, end_on, officer)
    comments = _comments(
        consultation,
        [
            ("tang.mei", "", "建议明确低楼层住户的补偿标准，避免邻里纠纷。"),
            ("", "李女士", "我家在6楼，父母行动不便，希望审批流程简化。身份证110101199003074514可核实。"),
            ("lin.xiaoyu", "", "建议财政对加装电梯给予补贴，并公开补贴标准。"),
        ],
        start_on + timedelta(days=1),
    )
    with acting_on(today):
        for c in comments[:2]:
            actions.moderate_comment(c, by=officer, decision="approved")
    return True


def _hearing(org: Org, officer, today: date) -> bool:
    if Hearing.objects.filter(title=HEARING).exists():
        return False
    held_on = today - timedelta(days=10)
    with acting_on(held_on - timedelta(days=20)):
        hearing = actions.announce_hearing(
            by=officer,
            org=org,
            title=HEARING,
            subject="居民生活用水阶梯价格调整方案（两个备选方案）。",
            held_on=held_on,
            place="云川市政务服务中心三楼听证室",
            announcement="定于举行居民生活用水阶梯价格调整听证会。听证参加人由消费者、经营者、专家学者等组成，"
            "有意参加者请于听证会10日前报名。旁听名额20名。",
        )
    with acting_on(held_on + timedelta(days=2)):
        actions.publish_hearing_record(
            hearing,
            by=officer,
            record_text="听证会于上午9时举行，参加人15名，旁听人12名。多数参加人支持方案一（第一阶梯水量不变，"
            "第二、三阶梯价格适度上调），建议加大对低收入家庭的减免。主持人宣布听证结束，记录经参加人签字确认。",
        )
    return True


def build_consultations(count: int = 2, stdout=None) -> int:
    today = timezone.localdate()
    org = Org.objects.filter(name=ORG).first()
    officer = _user("zhang.wei")
    reviewer = _user("wang.fang") or officer
    made = 0
    if org is not None and officer is not None and count > 0:
        stories = [_concluded, _open][:count]
        made = sum(1 for story in stories if story(org, officer, reviewer, today))
        made += _hearing(org, officer, today)
    if stdout is not None:
        stdout.write(f"意见征集 / consultations: {made} made\n")
    return made
