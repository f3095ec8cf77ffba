"""Demo data: a fictional city (云川市, 示范省) with its region tree, agencies, windows and a cast of users.

Everything is keyed by a natural key (region code, org credit/org code, username, window number,
(user, org, role)), so `build_demo()` can run any number of times: a rerun finds every row, sees
nothing to change and writes nothing (not even a history row).

The codes are valid in format but fictional: province prefix "99" is not assigned by GB/T 2260.

Credit codes are derived from a per-region counter in declaration order: append new orgs at the
end of their region's list, never reorder, or existing codes shift and reruns create duplicates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import models, transaction

from sunlight.orgs.codes import make_credit_code, org_code_check_char
from sunlight.orgs.models import Membership, Org, Region, Role, Window

DEMO_PASSWORD = "Sunlight-demo-2026"
DEMO_EMAIL_DOMAIN = "yunchuan.example"  # reserved TLD: demo mail can never reach anyone
ADMIN_GROUP = "演示系统管理员"

PROVINCE = ("990000", "示范省")
CITY = ("990100", "云川市")

# district code, name, street office, street communities, town/township, its villages.
# Statistical convention: 001–199 are streets/communities, 100+ towns, 2xx villages.
DISTRICTS: list[tuple[str, str, tuple[str, str], list[tuple[str, str]], tuple[str, str], list[tuple[str, str]]]] = [
    (
        "990102",
        "青溪区",
        ("990102001", "青溪街道"),
        [("990102001001", "桃园社区"), ("990102001002", "杏花社区")],
        ("990102100", "柳塘镇"),
        [("990102100201", "柳塘村"), ("990102100202", "荷叶村")],
    ),
    (
        "990103",
        "云湖区",
        ("990103001", "云湖街道"),
        [("990103001001", "湖滨社区"), ("990103001002", "望月社区")],
        ("990103100", "秋水镇"),
        [("990103100201", "秋水村"), ("990103100202", "芦花村")],
    ),
    (
        "990104",
        "白石区",
        ("990104001", "白石街道"),
        [("990104001001", "石桥社区"), ("990104001002", "青松社区")],
        ("990104100", "松岭乡"),
        [("990104100201", "松岭村"), ("990104100202", "石门村")],
    ),
]

# Villages whose committee only has a legacy 组织机构代码, so the org_code path gets exercised.
LEGACY_ORG_CODE_VILLAGES = frozenset({"990102100202", "990103100202"})

# (short name, full name) of the city departments, in sort order; the seeds name these.
CITY_DEPARTMENTS: list[tuple[str, str]] = [
    ("市政府办公厅", "云川市人民政府办公厅"),
    ("市发展改革委", "云川市发展和改革委员会"),
    ("市教育局", "云川市教育局"),
    ("市科技局", "云川市科学技术局"),
    ("市民政局", "云川市民政局"),
    ("市财政局", "云川市财政局"),
    ("市人社局", "云川市人力资源和社会保障局"),
    ("市自然资源局", "云川市自然资源局"),
    ("市住建局", "云川市住房和城乡建设局"),
    ("市生态环境局", "云川市生态环境局"),
    ("市卫生健康委", "云川市卫生健康委员会"),
    ("市市场监管局", "云川市市场监督管理局"),
]
CITY_CENTER_WINDOWS: list[tuple[str, str]] = [
    ("A01", "综合受理窗口"),
    ("A02", "综合受理窗口"),
    ("A03", "综合受理窗口"),
    ("B01", "不动产登记窗口"),
    ("C01", "企业开办窗口"),
    ("D01", "出件窗口"),
    ("E01", "工程建设项目审批综合窗口"),
]
# District departments: (short name, suffix after the district's name).
DISTRICT_DEPARTMENTS: list[tuple[str, str]] = [
    ("区政府办公室", "人民政府办公室"),
    ("区教育局", "教育局"),
    ("区民政局", "民政局"),
    ("区市场监管局", "市场监督管理局"),
    ("区住建局", "住房和城乡建设局"),
]
DISTRICT_CENTER_WINDOWS: list[tuple[str, str]] = [("A01", "综合受理窗口"), ("D01", "出件窗口")]

# Keys into the org registry below, for the staff cast.
CITY_GOV, CITY_CENTER, QX = "云川市人民政府", "云川市政务服务中心", "青溪区"


class DemoLogin(NamedTuple):
    username: str
    display_name: str
    description: str


@dataclass
class DemoSummary:
    regions: int = 0
    orgs: int = 0
    windows: int = 0
    staff_users: int = 0
    public_users: int = 0
    memberships: int = 0
    created: int = 0  # rows inserted by this run (0 on a rerun)
    updated: int = 0  # rows whose fields this run changed (0 on a rerun)
    logins: list[DemoLogin] = field(default_factory=list)

    def one_line(self) -> str:
        return (
            f"演示数据 / demo: {self.regions} regions, {self.orgs} orgs, {self.windows} windows, "
            f"{self.staff_users} staff, {self.public_users} public users, {self.memberships} memberships "
            f"({self.created} created, {self.updated} updated)"
        )


# Staff cast: username, display name, [(org full name, role, window number or None)], may open /admin/?
STAFF: list[tuple[str, str, list[tuple[str, str, str | None]], bool]] = [
    ("admin", "李明", [(CITY_GOV, Role.ADMIN, None)], True),
    ("qx_admin", "周磊", [(f"{QX}人民政府", Role.ADMIN, None)], True),
    ("supervisor", "赵敏", [(CITY_GOV, Role.SUPERVISOR, None)], False),
    ("qx_supervisor", "孙丽", [(f"{QX}人民政府", Role.SUPERVISOR, None)], False),
    ("zhang.wei", "张伟", [("云川市人民政府办公厅", Role.DISCLOSURE_OFFICER, None)], False),
    ("wang.fang", "王芳", [("云川市人民政府办公厅", Role.REVIEWER, None)], False),
    ("li.na", "李娜", [("云川市教育局", Role.DISCLOSURE_OFFICER, None)], False),
    ("liu.yang", "刘洋", [("云川市教育局", Role.REVIEWER, None)], False),
    ("chen.jing", "陈静", [(f"{QX}人民政府办公室", Role.DISCLOSURE_OFFICER, None)], False),
    ("yang.fan", "杨帆", [(f"{QX}人民政府办公室", Role.REVIEWER, None)], False),
    ("huang.lei", "黄磊", [(CITY_CENTER, Role.WINDOW_CLERK, "A01")], False),
    ("zhou.ting", "周婷", [(CITY_CENTER, Role.WINDOW_CLERK, "B01")], False),
    ("wu.hao", "吴昊", [(CITY_CENTER, Role.WINDOW_CLERK, "C01")], False),
    ("xu.li", "徐丽", [(f"{QX}政务服务中心", Role.WINDOW_CLERK, "A01")], False),
    ("sun.qiang", "孙强", [("云川市市场监督管理局", Role.HANDLER, None)], False),
    ("ma.jun", "马骏", [("云川市市场监督管理局", Role.APPROVER, None)], False),
    ("zhu.hong", "朱红", [("云川市住房和城乡建设局", Role.HANDLER, None)], False),
    ("hu.bin", "胡斌", [("云川市住房和城乡建设局", Role.APPROVER, None)], False),
    # Parallel approval of construction projects: the center's construction window and the departments' posts.
    ("gao.fei", "高飞", [(CITY_CENTER, Role.WINDOW_CLERK, "E01")], False),
    ("luo.bin", "罗斌", [("云川市自然资源局", Role.HANDLER, None)], False),
    ("xie.hua", "谢华", [("云川市自然资源局", Role.APPROVER, None)], False),
    ("song.jia", "宋佳", [("云川市生态环境局", Role.HANDLER, None)], False),
    ("tang.jun", "唐军", [("云川市生态环境局", Role.APPROVER, None)], False),
    ("han.mei", "韩梅", [("云川市发展和改革委员会", Role.HANDLER, None)], False),
    ("feng.yu", "冯宇", [("云川市发展和改革委员会", Role.APPROVER, None)], False),
    ("guo.min", "郭敏", [("云川市人民政府办公厅", Role.LETTERS_OFFICER, None)], False),
    ("he.jie", "何杰", [(f"{QX}人民政府办公室", Role.LETTERS_OFFICER, None)], False),
    ("qian.yu", "钱宇", [("云川市市场监督管理局", Role.CATALOG_OFFICER, None)], False),
    ("jiang.tao", "蒋涛", [("云川市市场监督管理局", Role.REVIEWER, None)], False),
]
CITIZENS: list[tuple[str, str]] = [("lin.xiaoyu", "林晓雨"), ("gao.jian", "高健"), ("tang.mei", "唐梅")]
COMPANIES: list[tuple[str, str]] = [
    ("qingxi.tech", "云川市青溪科技有限公司"),
    ("yunhu.build", "云川市云湖建筑工程有限公司"),
    ("baishi.food", "云川市白石食品有限公司"),
]


class _Builder:
    def __init__(self, stdout: TextIO | None) -> None:
        self.stdout = stdout
        self.summary = DemoSummary()
        self.orgs: dict[str, Org] = {}  # full name -> org
        self._serial: dict[str, int] = defaultdict(int)  # 6-digit region -> last credit-code serial
        self._phone_serial = 0
        self._password_hash: str | None = None

    def say(self, line: str) -> None:
        if self.stdout is not None:
            self.stdout.write(line + "\n")

    # --- generic upsert that writes only what differs ------------------------------------------
    def sync(
        self,
        model: type[models.Model],
        lookup: dict[str, Any],
        values: dict[str, Any],
        exclude: tuple[str, ...] = (),
        on_create: Callable[[Any], None] | None = None,
    ) -> models.Model:
        obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            if on_create is not None:
                on_create(obj)
            obj.full_clean(exclude=list(exclude))
            obj.save()
            self.summary.created += 1
            return obj
        changed = [name for name, value in values.items() if not self._same(obj, name, value)]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.full_clean(exclude=list(exclude))
            # A full save, not update_fields: Region/Org derive prefix/path in save().
            obj.save()
            self.summary.updated += 1
        return obj

    @staticmethod
    def _same(obj: models.Model, name: str, value: Any) -> bool:
        f = obj._meta.get_field(name)
        if f.is_relation:  # compare ids: no query for the related row
            return getattr(obj, f.attname) == (value.pk if value is not None else None)
        return getattr(obj, name) == value

    # --- regions ------------------------------------------------------------------------------
    def region(self, code: str, name: str, level: int, parent: Region | None) -> Region:
        return self.sync(Region, {"code": code}, {"name": name, "level": level, "parent": parent}, exclude=("prefix",))

    def build_regions(self) -> dict[str, Region]:
        r: dict[str, Region] = {}
        r[PROVINCE[0]] = self.region(*PROVINCE, Region.Level.PROVINCE, None)
        r[CITY[0]] = self.region(*CITY, Region.Level.CITY, r[PROVINCE[0]])
        for d_code, d_name, street, communities, town, villages in DISTRICTS:
            r[d_code] = self.region(d_code, d_name, Region.Level.COUNTY, r[CITY[0]])
            for t_code, t_name in (street, town):
                r[t_code] = self.region(t_code, t_name, Region.Level.TOWNSHIP, r[d_code])
            for v_code, v_name in communities:
                r[v_code] = self.region(v_code, v_name, Region.Level.VILLAGE, r[street[0]])
            for v_code, v_name in villages:
                r[v_code] = self.region(v_code, v_name, Region.Level.VILLAGE, r[town[0]])
        self.say(f"区划 / regions: {len(r)}")
        return r

    # --- orgs ---------------------------------------------------------------------------------
    def phone(self) -> str:
        self._phone_serial += 1
        return f"0990-6{self._phone_serial:07d}"  # one fictional switchboard range for the demo

    def org(
        self,
        name: str,
        short: str,
        kind: str,
        region: Region,
        parent: Org | None,
        address: str,
        registration: str = "11",
        legacy: bool = False,
        sort_order: int = 100,
    ) -> Org:
        # Townships and villages register under their county: a credit code has 6 region digits.
        region6 = region.code[:6]
        values: dict[str, Any] = {
            "name": name,
            "short_name": short,
            "kind": kind,
            "region": region,
            "parent": parent,
            "address": address,
            "phone": self.phone(),
            "sort_order": sort_order,
            "is_active": True,
        }
        if legacy:
            body = region.code[-8:]  # unique per village and stable: derived from its own code
            lookup = {"org_code": body + org_code_check_char(body)}
            values["credit_code"] = None
        else:
            self._serial[region6] += 1
            lookup = {"credit_code": make_credit_code(registration, region6, f"{self._serial[region6]:08d}")}
            values["org_code"] = None
        org = self.sync(Org, lookup, values, exclude=("path", "depth"))
        self.orgs[name] = org
        return org

    def build_orgs(self, r: dict[str, Region]) -> Org:
        K = Org.Kind
        city_r = r[CITY[0]]
        province = self.org("示范省人民政府", "省政府", K.GOVERNMENT, r[PROVINCE[0]], None, "示范省省府路1号")
        city = self.org(CITY_GOV, "市政府", K.GOVERNMENT, city_r, province, "云川市青溪区人民大道1号")
        for i, (short, name) in enumerate(CITY_DEPARTMENTS, start=1):
            self.org(
                name, short, K.DEPARTMENT, city_r, city, f"云川市青溪区人民大道1号行政中心{i}号楼", sort_order=10 * i
            )
        center = self.org(
            CITY_CENTER,
            "市政务服务中心",
            K.SERVICE_CENTER,
            city_r,
            city,
            "云川市云湖区市民中心路8号",
            sort_order=10 * (len(CITY_DEPARTMENTS) + 1),
        )
        self.windows(center, CITY_CENTER_WINDOWS)

        for d_index, (d_code, d_name, street, communities, town, villages) in enumerate(DISTRICTS, start=1):
            d_r = r[d_code]
            road = f"云川市{d_name}{d_name[:2]}大道"
            gov = self.org(
                f"{d_name}人民政府",
                f"{d_name}政府",
                K.GOVERNMENT,
                d_r,
                city,
                f"{road}1号",
                sort_order=1000 + 10 * d_index,
            )
            for i, (short, suffix) in enumerate(DISTRICT_DEPARTMENTS, start=1):
                # "区教育局" -> "青溪区教育局": short names stay unique across the districts.
                self.org(
                    f"{d_name}{suffix}",
                    d_name + short[1:],
                    K.DEPARTMENT,
                    d_r,
                    gov,
                    f"{road}1号{i}号楼",
                    sort_order=10 * i,
                )
            d_center = self.org(
                f"{d_name}政务服务中心",
                f"{d_name}政务服务中心",
                K.SERVICE_CENTER,
                d_r,
                gov,
                f"{road}66号",
                sort_order=10 * (len(DISTRICT_DEPARTMENTS) + 1),
            )
            self.windows(d_center, DISTRICT_CENTER_WINDOWS)
            for t_index, ((t_code, t_name), members) in enumerate(((street, communities), (town, villages)), start=1):
                is_street = t_name.endswith("街道")
                t_gov = self.org(
                    f"{d_name}{t_name}办事处" if is_street else f"{d_name}{t_name}人民政府",
                    f"{t_name}办事处" if is_street else f"{t_name}政府",
                    K.GOVERNMENT,
                    r[t_code],
                    gov,
                    f"云川市{d_name}{t_name}{t_name[:2]}路1号",
                    sort_order=100 + 10 * t_index,
                )
                for v_index, (v_code, v_name) in enumerate(members, start=1):
                    committee = "居民委员会" if v_name.endswith("社区") else "村民委员会"
                    self.org(
                        f"{d_name}{t_name}{v_name}{committee}",
                        v_name + ("居委会" if committee == "居民委员会" else "村委会"),
                        K.COMMITTEE,
                        r[v_code],
                        t_gov,
                        f"云川市{d_name}{t_name}{v_name}综合服务站",
                        registration="54",
                        legacy=v_code in LEGACY_ORG_CODE_VILLAGES,
                        sort_order=10 * v_index,
                    )
        self.say(f"机构 / orgs: {len(self.orgs)}")
        return province

    def windows(self, center: Org, spec: list[tuple[str, str]]) -> None:
        for number, name in spec:
            self.sync(Window, {"center": center, "number": number}, {"name": name, "is_active": True})

    # --- users --------------------------------------------------------------------------------
    def user(self, username: str, values: dict[str, Any]) -> Any:
        User = get_user_model()
        values = {"email": f"{username}@{DEMO_EMAIL_DOMAIN}", "is_active": True, **values}
        # The password is set once, on creation: a rerun must not undo a password someone changed.
        return self.sync(User, {"username": username}, values, on_create=self._set_demo_password)

    def _set_demo_password(self, user: Any) -> None:
        # Hash once per run, not per user: PBKDF2 costs ~0.5 s a time and the password is public
        # anyway, so a shared salt gives nothing away. Same effect as user.set_password().
        if self._password_hash is None:
            self._password_hash = make_password(DEMO_PASSWORD)
        user.password = self._password_hash

    def admin_group(self) -> Group:
        """Model permissions for the org tree (and calendar), so a demo admin's /admin/ is not empty.

        Not auth.User: editing users there would let a scoped admin make themselves superuser.
        """
        group, created = Group.objects.get_or_create(name=ADMIN_GROUP)
        self.summary.created += created
        perms = Permission.objects.filter(content_type__app_label__in=["orgs", "clock"]).exclude(
            codename__regex=r"^(add|change|delete)_historical"
        )
        wanted = set(perms.values_list("pk", flat=True))
        if set(group.permissions.values_list("pk", flat=True)) != wanted:
            group.permissions.set(wanted)
            self.summary.updated += not created
        return group

    def build_users(self) -> None:
        User = get_user_model()
        admins = self.admin_group()
        superadmin = self.user(
            "superadmin",
            {
                "kind": User.Kind.STAFF,
                "display_name": "超级管理员",
                "phone": "",
                "credit_code": "",
                "is_staff": True,
                "is_superuser": True,
            },
        )
        self.summary.logins.append(
            DemoLogin(superadmin.username, superadmin.display_name, "超级用户 / superuser · 全部机构")
        )
        self.summary.staff_users += 1
        for n, (username, name, posts, is_admin) in enumerate(STAFF, start=1):
            user = self.user(
                username,
                {
                    "kind": User.Kind.STAFF,
                    "display_name": name,
                    "phone": f"1390990{n:04d}",
                    "credit_code": "",
                    "is_staff": is_admin,
                    "is_superuser": False,
                },
            )
            if is_admin and not user.groups.filter(pk=admins.pk).exists():
                user.groups.add(admins)
                self.summary.created += 1  # one user-group link row
            descriptions = []
            for org_name, role, window_number in posts:
                org = self.orgs[org_name]
                window = org.windows.get(number=window_number) if window_number else None
                self.sync(Membership, {"user": user, "org": org, "role": role}, {"window": window, "is_active": True})
                self.summary.memberships += 1
                where = f"{org.name} {window.number} {window.name}" if window else org.name
                descriptions.append(f"{Role(role).label} · {where}")
            self.summary.logins.append(DemoLogin(username, name, "；".join(descriptions)))
            self.summary.staff_users += 1

        for n, (username, name) in enumerate(CITIZENS, start=1):
            self.user(
                username,
                {
                    "kind": User.Kind.CITIZEN,
                    "display_name": name,
                    "phone": f"1380990{n:04d}",
                    "credit_code": "",
                    "is_staff": False,
                    "is_superuser": False,
                },
            )
            self.summary.logins.append(DemoLogin(username, name, "自然人 / citizen · 公众门户"))
            self.summary.public_users += 1
        for n, (username, name) in enumerate(COMPANIES, start=1):
            # "91" = 工商登记的企业; registered in the city, body kept apart from the agencies' serials.
            credit_code = make_credit_code("91", CITY[0], f"MA{n:06d}")
            self.user(
                username,
                {
                    "kind": User.Kind.LEGAL_PERSON,
                    "display_name": name,
                    "phone": f"0990-8{n:07d}",
                    "credit_code": credit_code,
                    "is_staff": False,
                    "is_superuser": False,
                },
            )
            self.summary.logins.append(DemoLogin(username, name, f"法人 / legal person · {credit_code}"))
            self.summary.public_users += 1
        self.say(f"用户 / users: {self.summary.staff_users} staff, {self.summary.public_users} public")


def _provisional_next_year() -> None:
    """A demo must keep taking requests in December, when deadlines reach into next year: if chinesecalendar
    does not know next year yet, load it as the estimate from the statutory holidays (what an admin would do;
    every date counted through it is shown as 预计, and the December to-do asks for the official notice).
    A real deployment is left to its admins."""
    from django.utils import timezone

    from sunlight.clock.actions import load_estimate
    from sunlight.clock.models import WorkDay
    from sunlight.clock.published import year_is_known

    year = timezone.localdate().year + 1
    # A demo built before the estimate existed has the weekends-only guess: load_estimate replaces it.
    if year_is_known(year) or WorkDay.objects.filter(date__year=year).exclude(source=WorkDay.Source.WEEKENDS).exists():
        return
    load_estimate(year, by=get_user_model().objects.get(username="superadmin"))


def build_demo(stdout: TextIO | None = None) -> DemoSummary:
    """Create or bring up to date the whole demo; safe to run again (see module docstring)."""
    builder = _Builder(stdout)
    with transaction.atomic():
        regions = builder.build_regions()
        root = builder.build_orgs(regions)
        builder.build_users()
    _provisional_next_year()
    s = builder.summary
    s.regions = regions[PROVINCE[0]].subtree().count()
    s.orgs = root.subtree().count()
    s.windows = Window.objects.filter(center__in=root.subtree()).count()
    return s
