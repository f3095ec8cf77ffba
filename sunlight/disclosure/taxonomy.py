"""The seeded catalog taxonomies: 主题分类 (two levels), 体裁分类, 重点领域. Admins may edit them afterwards."""

TOPICS: list[tuple[str, str, list[str]]] = [
    ("01", "综合政务", ["应急管理", "电子政务", "政务公开", "政务督查", "信访", "其他"]),
    ("02", "国民经济管理、国有资产监管", ["发展规划", "统计", "物价", "国有资产监管"]),
    ("03", "财政、金融、审计", ["财政", "税务", "审计", "金融"]),
    ("04", "国土资源、能源", ["土地", "矿产", "能源"]),
    ("05", "农业、林业、水利", ["农业、畜牧业、渔业", "林业", "水利"]),
    ("06", "工业、交通", ["工业", "交通", "信息产业", "邮政"]),
    ("07", "商贸、海关、旅游", ["国内贸易", "对外经贸合作", "旅游"]),
    ("08", "市场监管、安全生产监管", ["市场监管", "食品药品监管", "安全生产"]),
    ("09", "城乡建设、环境保护", ["城乡规划", "住房保障", "城市建设", "环境监测、保护与治理", "节能减排"]),
    ("10", "科技、教育", ["科技", "教育"]),
    ("11", "文化、广电、新闻出版", ["文化", "广播影视", "新闻出版"]),
    ("12", "卫生、体育", ["卫生", "体育", "医药管理"]),
    ("13", "人口与计划生育、妇女儿童工作", ["人口与计划生育", "妇女儿童"]),
    ("14", "劳动、人事、监察", ["就业", "社会保障", "人事工作", "监察"]),
    ("15", "公安、安全、司法", ["公安", "司法"]),
    ("16", "民政、扶贫、救灾", ["社会救助", "社区建设", "减灾救灾", "扶贫", "优抚安置"]),
    ("17", "民族、宗教", ["民族事务", "宗教事务"]),
    ("18", "对外事务", []),
    ("19", "港澳台侨工作", []),
    ("20", "国防", []),
    ("21", "其他", []),
]

GENRES: list[tuple[str, str]] = [
    ("resolution", "决议"),
    ("decision", "决定"),
    ("order", "命令（令）"),
    ("communique", "公报"),
    ("announcement", "公告"),
    ("public_notice", "通告"),
    ("opinion", "意见"),
    ("notice", "通知"),
    ("circular", "通报"),
    ("report", "报告"),
    ("request", "请示"),
    ("reply", "批复"),
    ("motion", "议案"),
    ("letter", "函"),
    ("minutes", "纪要"),
    ("regulation", "规章"),
    ("normative", "行政规范性文件"),
    ("interpretation", "政策解读"),
    ("other", "其他"),
]

# (code, name, parent code or None, for_villages)
KEY_AREAS: list[tuple[str, str, str | None, bool]] = [
    ("fiscal", "财政预决算", None, False),
    ("budget", "预算", "fiscal", False),
    ("final_accounts", "决算", "fiscal", False),
    ("three_public", "三公经费", "fiscal", False),
    ("power", "行政权力运行", None, False),
    ("licensing", "行政许可", "power", False),
    ("penalty", "行政处罚", "power", False),
    ("coercion", "行政强制", "power", False),
    ("resources", "公共资源配置", None, False),
    ("bidding", "招投标", "resources", False),
    ("procurement", "政府采购", "resources", False),
    ("land", "土地出让", "resources", False),
    ("housing", "保障性住房", "resources", False),
    ("projects", "重大建设项目", None, False),
    ("services", "公共服务", None, False),
    ("education", "教育", "services", False),
    ("health", "医疗卫生", "services", False),
    ("social_security", "社会保障", "services", False),
    ("oversight", "公共监管", None, False),
    ("environment", "环境保护", "oversight", False),
    ("food_drug", "食品药品", "oversight", False),
    ("work_safety", "安全生产", "oversight", False),
    ("prices", "价格收费", "oversight", False),
    ("village", "村务公开（三务）", None, True),
    ("party_affairs", "党务公开", "village", True),
    ("village_affairs", "村务公开", "village", True),
    ("village_finance", "财务公开", "village", True),
]


def seed_taxonomies(apps) -> None:
    """Idempotent: creates what is missing, never renames what an admin changed."""
    Topic = apps.get_model("disclosure", "Topic")
    Genre = apps.get_model("disclosure", "Genre")
    KeyArea = apps.get_model("disclosure", "KeyArea")
    for order, (code, name, children) in enumerate(TOPICS):
        parent, _ = Topic.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})
        for i, child in enumerate(children, start=1):
            Topic.objects.get_or_create(
                code=f"{code}{i:02d}", defaults={"name": child, "parent": parent, "sort_order": i}
            )
    for order, (code, name) in enumerate(GENRES):
        Genre.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})
    for order, (code, name, parent_code, villages) in enumerate(KEY_AREAS):
        parent = KeyArea.objects.get(code=parent_code) if parent_code else None
        KeyArea.objects.get_or_create(
            code=code, defaults={"name": name, "parent": parent, "for_villages": villages, "sort_order": order}
        )
