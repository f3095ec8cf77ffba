"""Realistic item versions for benchmarks: `rows(n, orgs)` yields VersionData-shaped dicts with code/basic_code/org.

Each org implements the same basic items (基本目录: same name, kind, department, body and legal basis
everywhere, as rule base.identical demands), with local elements of its own: limits, steps, materials, fees,
place, phones. Every row passes every consistency rule once `ensure_laws()` has stored the laws cited.
`write_workbook(rows, out)` writes them as the exchange workbook (sunlight.catalog.importing.shape).
Reusable by other benches (search, guide pages, the consistency report).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import IO

# (name, kind, competent department, implementing body, law, article)
TEMPLATES = (
    ("食品经营许可", "permit", "市场监督管理部门", "市场监督管理局", "中华人民共和国食品安全法", 35),
    ("企业设立登记", "permit", "市场监督管理部门", "市场监督管理局", "中华人民共和国市场主体登记管理条例", 3),
    ("建筑工程施工许可", "permit", "住房和城乡建设部门", "住房和城乡建设局", "中华人民共和国建筑法", 7),
    ("商品房预售许可", "permit", "住房和城乡建设部门", "住房和城乡建设局", "城市商品房预售管理办法", 6),
    ("建设用地规划许可", "permit", "自然资源部门", "自然资源局", "中华人民共和国城乡规划法", 37),
    ("民办学校办学许可", "permit", "教育部门", "教育局", "中华人民共和国民办教育促进法", 12),
    ("社会团体成立登记", "permit", "民政部门", "民政局", "社会团体登记管理条例", 9),
    ("人力资源服务许可", "permit", "人力资源社会保障部门", "人力资源和社会保障局", "人力资源市场暂行条例", 18),
    ("对违法销售食品的处罚", "penalty", "市场监督管理部门", "市场监督管理局", "中华人民共和国食品安全法", 124),
    ("查封扣押不符合安全标准的食品", "coercion", "市场监督管理部门", "市场监督管理局", "中华人民共和国食品安全法", 110),
    ("城市基础设施配套费征收", "levy", "住房和城乡建设部门", "住房和城乡建设局", "中华人民共和国城乡规划法", 40),
    ("最低生活保障金给付", "benefit", "民政部门", "民政局", "社会救助暂行办法", 9),
    ("建筑施工安全检查", "inspection", "住房和城乡建设部门", "住房和城乡建设局", "中华人民共和国建筑法", 43),
    ("工伤认定", "confirmation", "人力资源社会保障部门", "人力资源和社会保障局", "工伤保险条例", 17),
    ("见义勇为人员奖励", "reward", "民政部门", "民政局", "社会救助暂行办法", 60),
    ("林木林地权属争议裁决", "ruling", "自然资源部门", "自然资源局", "中华人民共和国森林法", 22),
    ("建设工程竣工验收备案", "other_power", "住房和城乡建设部门", "住房和城乡建设局", "建设工程质量管理条例", 49),
    ("职业技能等级证书查询", "public_service", "人力资源社会保障部门", "人力资源和社会保障局", "", 0),
    ("婚姻登记档案查询", "public_service", "民政部门", "民政局", "", 0),
    ("食品小作坊登记备案", "filing", "市场监督管理部门", "市场监督管理局", "中华人民共和国食品安全法", 36),
)
VARIANTS = (
    "新办", "变更", "延续", "注销", "补证", "换证", "首次申请", "增项", "迁移", "分支机构",
    "个人", "企业", "个体工商户", "农民专业合作社", "外商投资", "跨区域", "临时", "简易程序", "告知承诺", "加急",
    "网上", "现场", "邮寄", "代办", "委托", "集体", "年度", "季度", "专项", "试点",
)  # fmt: skip
LAWS = {
    "中华人民共和国食品安全法": 154,
    "中华人民共和国市场主体登记管理条例": 56,
    "中华人民共和国建筑法": 85,
    "城市商品房预售管理办法": 16,
    "中华人民共和国城乡规划法": 70,
    "中华人民共和国民办教育促进法": 67,
    "社会团体登记管理条例": 37,
    "人力资源市场暂行条例": 51,
    "社会救助暂行办法": 70,
    "工伤保险条例": 67,
    "中华人民共和国森林法": 84,
    "建设工程质量管理条例": 82,
}
KIND_LETTERS = {
    "permit": "XK", "penalty": "CF", "coercion": "QZ", "levy": "ZS", "benefit": "JF", "inspection": "JC",
    "confirmation": "QR", "reward": "JL", "ruling": "CJ", "other_power": "QT", "public_service": "GG", "filing": "BA",
}  # fmt: skip
LEVEL_DIGIT = {"state": "1", "province": "2", "city": "3", "county": "4", "township": "5", "village": "6"}
MATERIALS = (
    ("申请书", "original", "applicant"),
    ("营业执照", "copy", "government"),
    ("身份证明", "copy", "government"),
    ("场所使用证明", "copy", "applicant"),
    ("法定代表人任职文件", "original", "applicant"),
    ("检验检测报告", "original", "intermediary"),
)
EVENTS = ("establish", "qualify", "operate", "construct", "change", "deregister")


def ensure_laws() -> None:
    from sunlight.catalog.models import Law

    for title, articles in LAWS.items():
        Law.objects.get_or_create(title=title, defaults={"articles": articles})


def basic_items(count: int) -> list[dict]:
    """`count` basic items (distinct names: template × variant), each with its basic code."""
    out = []
    for i in range(count):
        name, kind, dept, body, law, article = TEMPLATES[i % len(TEMPLATES)]
        variant = VARIANTS[(i // len(TEMPLATES)) % len(VARIANTS)]
        lap = i // (len(TEMPLATES) * len(VARIANTS))
        full = f"{name}（{variant}{'·' + str(lap + 1) if lap else ''}）"
        out.append(
            {
                "name": full,
                "kind": kind,
                "competent_department": dept,
                "implementing_body": body,
                "basic_code": f"{KIND_LETTERS[kind]}{i + 1:05d}000",
                "citations": [{"law_title": law, "article": article, "clause": 1}] if law else [],
            }
        )
    return out


def version(base: dict, rng: random.Random, level: str) -> dict:
    statutory = rng.choice((20, 15, 30, 60))
    spot = rng.random() < 0.15
    promised = 0 if spot else rng.randint(1, min(statutory, 15))
    depth = rng.choice((2, 3, 3, 4))
    visits = 0 if depth == 4 else rng.choice((0, 1, 1, 2))
    fee = rng.random() < 0.2
    steps = []
    if not spot:
        left = promised
        for step, actor in (("受理", "政务服务中心窗口"), ("审查", "业务科室"), ("决定", "分管领导")):
            days = min(left, rng.randint(0, max(1, promised // 3)))
            left -= days
            steps.append({"name": step, "actor": actor, "days": days, "description": f"{step}申请材料"})
    materials = [
        {"name": m, "form": f, "copies": 1, "medium": rng.choice(("paper", "both")), "source": s}
        for m, f, s in rng.sample(MATERIALS, 3)
    ]
    if rng.random() < 0.3:
        materials.append(
            {"name": "授权委托书", "required": False, "condition": "委托他人办理的", "source": "applicant"}
        )
    return {
        **{k: base[k] for k in ("name", "kind", "competent_department", "implementing_body", "citations")},
        "level": level,
        "division": base["implementing_body"][:4] + "审批科",
        "statutory_limit": statutory,
        "statutory_unit": "workdays",
        "promised_limit": promised,
        "promised_unit": "workdays",
        "handling": "on_the_spot" if spot else "promised",
        "visits": visits,
        "visits_reason": "核验原件并领取结果" if visits else "",
        "online_depth": depth,
        "charges_fee": fee,
        "online_payment": fee and rng.random() < 0.5,
        "audience": "company",
        "life_events": [rng.choice(EVENTS)],
        "guide": {
            "conditions": ["申请人具有相应的主体资格", "申请材料齐全、符合法定形式"],
            "materials": materials,
            "steps": steps,
            "fees": [{"name": "工本费", "standard": "每证10元", "basis": "价格主管部门批复"}] if fee else [],
            "result": {"name": base["name"].split("（")[0] + "决定书", "type": "document"},
            "delivery": ["窗口领取", "邮寄"],
            "place": "政务服务中心一楼综合受理窗口",
            "hours": "工作日 9:00–12:00，13:30–17:00",
            "phones": {"consult": f"0999-{rng.randint(1000000, 9999999)}", "complaint": "12345"},
            "duties": [{"duty": "依法审查申请材料", "accountability": "违法准予的", "basis": "相关法律"}],
            "oversight": [{"method": "双随机抽查", "frequency": "每年一次", "random_pool": "检查对象名录库"}],
        },
    }


def rows(n: int, orgs, *, seed: int = 11, level: str = "county", today: date | None = None) -> Iterator[dict]:
    """n first versions (新增, 主项) spread over `orgs` (each needs credit_code and region.code)."""
    rng = random.Random(seed)
    per_org = -(-n // max(1, len(orgs)))
    bases = basic_items(per_org)
    start = (today or date.today()) - timedelta(days=400)
    made = 0
    for org in orgs:
        region = (org.region.code or "")[:6].ljust(6, "0")
        for base in bases:
            if made >= n:
                return
            code = f"{base['basic_code']}{LEVEL_DIGIT[level]}{region}{org.credit_code}001"
            yield {
                "code": code,
                "basic_code": base["basic_code"],
                "org": org,
                "number": 1,
                "operation": "add",
                "reason": "依据权责清单新设",
                "tier": "main",
                "parent_code": "",
                "effective_from": start + timedelta(days=made % 300),
                **version(base, rng, level),
            }
            made += 1


def write_workbook(data_rows, out: IO[bytes]) -> int:
    """The rows as the exchange workbook (streamed, openpyxl write_only)."""
    from openpyxl import Workbook

    from sunlight.catalog.elements import VersionData
    from sunlight.catalog.importing import shape

    book = Workbook(write_only=True)
    main = book.create_sheet(shape.ITEM_SHEET)
    main.append(list(shape.ITEM_HEADERS))
    subs = {sheet: book.create_sheet(sheet) for sheet in shape.SUB_HEADERS}
    for sheet, ws in subs.items():
        ws.append(list(shape.SUB_HEADERS[sheet]))
    count = 0
    meta_keys = ("code", "basic_code", "org", "number", "operation", "reason", "tier", "parent_code", "effective_from")
    for row in data_rows:
        meta = {k: row[k] for k in meta_keys}
        meta["credit"] = row["org"].credit_code
        data = VersionData.model_validate({k: v for k, v in row.items() if k not in meta_keys})
        main.append(shape.item_cells(meta, data))
        for sheet, ws in subs.items():
            for cells in shape.sub_cells(sheet, (row["code"], row["number"]), data, {}):
                ws.append(cells)
        count += 1
    book.save(out)
    return count
