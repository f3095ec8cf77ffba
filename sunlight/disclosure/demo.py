"""Demo documents for the disclosure catalog: a few thousand realistic ones, built deterministically.

Published documents go in through the bulk importer (the same path a migrating site takes); a few
drafts go through the full workflow so that screening has planted ID numbers and secrecy marks to catch.
Idempotent: index numbers are deterministic, the importer skips those that exist.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from django.db import transaction

from sunlight.accounts.models import User
from sunlight.disclosure import actions
from sunlight.disclosure.importing import import_documents
from sunlight.disclosure.models import DisclosureGuide, Document, Genre, Topic
from sunlight.orgs.models import Org

SENTENCES = [
    s for s in (Path(__file__).parent / "data" / "sentences.txt").read_text(encoding="utf-8").splitlines() if s
]
SUBJECTS = [
    ("义务教育阶段招生入学工作", "10", "education", "教育"),
    ("城乡居民基本医疗保险参保缴费", "14", "social_security", "社会保障"),
    ("最低生活保障对象认定", "16", "social_security", "社会救助"),
    ("不动产登记便民服务", "04", "licensing", "土地"),
    ("企业开办全程网办", "08", "licensing", "市场监管"),
    ("食品安全专项整治", "08", "food_drug", "食品药品监管"),
    ("安全生产大检查", "08", "work_safety", "安全生产"),
    ("大气污染防治", "09", "environment", "环境监测、保护与治理"),
    ("保障性租赁住房分配", "09", "housing", "住房保障"),
    ("政府采购项目公开招标", "03", "procurement", "财政"),
    ("国有建设用地使用权出让", "04", "land", "土地"),
    ("重大建设项目批准和实施", "02", "projects", "发展规划"),
    ("部门预算", "03", "budget", "财政"),
    ("部门决算", "03", "final_accounts", "财政"),
    ("“三公”经费", "03", "three_public", "财政"),
    ("行政处罚裁量基准", "15", "penalty", "司法"),
    ("行政事业性收费标准", "02", "prices", "物价"),
    ("科技创新券申领", "10", "", "科技"),
    ("高校毕业生就业创业扶持", "14", "", "就业"),
    ("养老服务体系建设", "16", "", "社区建设"),
    ("城乡规划管理", "09", "", "城乡规划"),
    ("优化营商环境", "01", "", "政务公开"),
    ("政务服务“一网通办”", "01", "", "电子政务"),
]
GENRE_WEIGHTS = [
    ("notice", 30),
    ("opinion", 8),
    ("announcement", 8),
    ("public_notice", 6),
    ("report", 6),
    ("reply", 5),
    ("decision", 4),
    ("circular", 4),
    ("letter", 4),
    ("minutes", 2),
    ("normative", 12),
    ("regulation", 2),
    ("interpretation", 9),
]
VILLAGE_SUBJECTS = [("党务公开", "party_affairs"), ("村务公开", "village_affairs"), ("财务收支公开", "village_finance")]


def _body(rng: random.Random, subject: str, paragraphs: int) -> str:
    parts = [f"<p>为做好{subject}，根据有关法律法规和上级部署，结合本地实际，现将有关事项通知如下。</p>"]
    for i in range(paragraphs):
        sentences = "".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 5)))
        parts.append(
            f"<h3>{'一二三四五六七八九十'[i % 10]}、{subject}的{rng.choice(['工作目标', '主要任务', '保障措施', '办理流程', '监督检查', '有关要求'])}</h3><p>{sentences}</p>"
        )
    return "".join(parts)


def _rows(rng: random.Random, publishers: list[Org], villages: list[Org], count: int, today: date) -> list[dict]:
    genres = [code for code, weight in GENRE_WEIGHTS for _ in range(weight)]
    serials: dict[tuple[int, int], int] = {}
    rows = []
    for i in range(count):
        village = i % 12 == 0 and villages
        org = rng.choice(villages) if village else rng.choice(publishers)
        created = today - timedelta(days=rng.randint(3, 365 * 7))
        published = created + timedelta(days=rng.choice([1, 2, 3, 5, 8, 12, 15, 20, 26, 40]))
        if published > today:
            published = today
        key = (org.pk, created.year)
        serials[key] = serials.get(key, 0) + 1
        if village:
            label, area = rng.choice(VILLAGE_SUBJECTS)
            title = f"{org.name}{created.year}年第{(created.month - 1) // 3 + 1}季度{label}"
            genre, topic, areas, doc_number = "public_notice", "16", [area], ""
            body = _body(rng, label, 2)
        else:
            subject, topic, area, _sub = rng.choice(SUBJECTS)
            genre = rng.choice(genres)
            prefix = {
                "interpretation": "《关于{s}的实施意见》政策解读",
                "report": "{org}{y}年{s}情况报告",
                "reply": "关于{s}有关问题的批复",
                "regulation": "{city}{s}管理办法",
                "normative": "关于印发{city}{s}实施办法的通知",
                "announcement": "关于{s}的公告",
                "public_notice": "关于{s}的通告",
                "opinion": "关于进一步加强{s}的实施意见",
            }.get(genre, "关于做好{y}年{s}的通知")
            title = prefix.format(s=subject, org=org.name, y=created.year, city="云川市")
            doc_number = (
                ""
                if genre in {"interpretation", "report"}
                else f"{org.short_name or org.name[:4]}发〔{created.year}〕{serials[key]}号"
            )
            areas = [area] if area else []
            body = _body(rng, subject, rng.randint(2, 8))
        rows.append(
            {
                "index_number": f"{org.disclosure_code}/{created.year}-{serials[key]:05d}",
                "title": title,
                "publisher": org.credit_code or org.org_code,
                "created_on": created.isoformat(),
                "published_at": published.isoformat(),
                "doc_number": doc_number,
                "topic": topic,
                "genre": genre,
                "keywords": title[:20],
                "audience": rng.choice(["社会公众", "企业", "学生家长", "困难群众", "各乡镇（街道）"]),
                "validity": "有效",
                "attribute": "主动公开",
                "summary": f"{title}。" + rng.choice(SENTENCES)[:80],
                "body": body,
                "key_areas": ";".join(areas),
                "status": "已发布",
            }
        )
    return rows


PLANTED = [
    (
        "关于2026年度城乡低保对象名单的公示（待审）",
        "<p>经审核，以下对象纳入城乡低保：张某某，身份证号 11010519491231002X，联系电话 13812345678，户籍青溪街道。</p>",
    ),
    (
        "关于内部资料管理的通知（待审）",
        "<p>本文件为内部资料，密级：秘密★1年，请勿外传。联系人邮箱 contact@example.gov.cn。</p>",
    ),
    (
        "关于拨付困难群众临时救助资金的通知（待审）",
        "<p>请将救助资金打入银行卡 6222020200112233446（开户行工商银行），并电话通知本人 139-8765-4321。</p>",
    ),
]

GUIDE = """<h2>一、主动公开</h2><p>本机构主动公开的政府信息，通过“阳光政务平台”信息公开栏目发布，自信息形成或变更之日起20个工作日内公开。</p>
<h2>二、依申请公开</h2><p>公民、法人或其他组织可通过平台在线提交政府信息公开申请，也可以信函、传真或当面提交。本机构自收到申请之日起20个工作日内答复；需要延长的，经负责人同意并告知申请人，延长期限最长不超过20个工作日。</p>
<h2>三、监督和救济</h2><p>认为本机构在政府信息公开工作中侵犯其合法权益的，可以依法申请行政复议或者提起行政诉讼。</p>"""


def build_documents(count: int = 3000, seed: int = 2026, today: date | None = None) -> dict:
    from django.utils import timezone

    today = today or timezone.localdate()
    rng = random.Random(seed)
    by = User.objects.get(username="superadmin")
    orgs = list(Org.objects.filter(is_active=True).exclude(kind=Org.Kind.COMMITTEE).order_by("path"))
    publishers = [org for org in orgs if org.disclosure_code and org.kind in (Org.Kind.GOVERNMENT, Org.Kind.DEPARTMENT)]
    villages = list(Org.objects.filter(kind=Org.Kind.COMMITTEE, is_active=True).order_by("path"))
    report = import_documents(enumerate(_rows(rng, publishers, villages, count, today), start=2), by=by, batch_size=500)
    linked = _link_interpretations_and_repeals(rng, by)
    planted = _plant_drafts(by)
    for org in publishers[:8]:
        DisclosureGuide.objects.get_or_create(org=org, defaults={"body_html": GUIDE, "updated_by": by})
    return {
        "created": report.created,
        "skipped": report.skipped,
        "failed": len(report.failed),
        "linked": linked,
        "planted": planted,
    }


def _link_interpretations_and_repeals(rng: random.Random, by) -> int:
    public = Document.objects.filter(status=Document.Status.PUBLISHED)
    if public.filter(interprets__isnull=False).exists():
        return 0  # already done on an earlier run
    interpretation = Genre.objects.get(code="interpretation")
    policies = list(public.filter(genre__code__in=["normative", "opinion", "regulation"]).order_by("pk"))
    done = 0
    for interp in public.filter(genre=interpretation).order_by("pk")[: len(policies)]:
        policy = policies[interp.pk % len(policies)]
        actions.link_interpretation(interp, policy, by=by)
        done += 1
    normative = [doc for doc in policies if doc.genre.code == "normative"]
    for old, new in zip(normative[: len(normative) // 10], normative[len(normative) // 10 :]):
        if new.created_on > old.created_on:
            actions.change_validity(old, by=by, validity=Document.Validity.REPEALED, on=new.created_on, replaced_by=new)
            done += 1
    for doc in public.order_by("pk")[:40:4]:
        actions.change_validity(
            doc, by=by, validity=Document.Validity.EXPIRED, on=max(doc.created_on, date(2025, 12, 31))
        )
        done += 1
    return done


def _plant_drafts(by) -> int:
    from django.utils import timezone

    office = Org.objects.filter(name="云川市人民政府办公厅").first()
    if office is None:
        return 0
    notice = Genre.objects.get(code="notice")
    topic = Topic.objects.get(code="01")
    made = 0
    for title, body in PLANTED:
        if Document.objects.filter(title=title).exists():
            continue
        with transaction.atomic():
            doc = actions.create_document(
                publisher=office,
                by=by,
                title=title,
                created_on=timezone.localdate(),
                genre=notice,
                topic=topic,
                body_html=body,
            )
            actions.submit_document(doc, by=by)
        made += 1
    return made
