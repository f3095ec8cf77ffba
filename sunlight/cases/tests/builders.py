"""One way to make cases for tests: an item to apply for, files to upload, and cases in each state through the acts."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from sunlight.accounts.models import User
from sunlight.cases import actions
from sunlight.cases.actions import Applicant, MaterialInput, Submission
from sunlight.cases.models import Case
from sunlight.catalog.tests import builders as catalog
from sunlight.orgs.codes import make_credit_code
from sunlight.orgs.models import Org, Role
from sunlight.screening import id_check_char

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
COMPANY_CODE = make_credit_code("92", "990102", "77000001")
PERSON_ID = "11010119900307001" + id_check_char("11010119900307001")


def pdf(name: str = "材料.pdf", size: int = 0) -> SimpleUploadedFile:
    body = PDF + (b"0" * max(0, size - len(PDF)))
    return SimpleUploadedFile(name, body, content_type="application/pdf")


class Hall:
    """The cast plus a department that decides, its staff, a published permit and a company that applies."""

    def __init__(self, cast) -> None:
        self.cast = cast
        self.market = Org.objects.create(
            name="青溪区市场监督管理局",
            kind=Org.Kind.DEPARTMENT,
            region=cast.east_region,
            parent=cast.east,
            credit_code=make_credit_code("11", "990102", "00000031"),
        )
        self.west_market = Org.objects.create(
            name="云湖区市场监督管理局",
            kind=Org.Kind.DEPARTMENT,
            region=cast.west_region,
            parent=cast.west,
            credit_code=make_credit_code("11", "990103", "00000032"),
        )
        self.handler = cast.add_staff("handler", self.market, Role.HANDLER)
        self.approver = cast.add_staff("approver", self.market, Role.APPROVER)
        self.west_handler = cast.add_staff("westhandler", self.west_market, Role.HANDLER)
        editor = cast.add_staff("editor", self.market, Role.CATALOG_OFFICER)
        reviewer = cast.add_staff("catreviewer", self.market, Role.REVIEWER)
        self.version = catalog.published(self.market, editor, reviewer)
        self.item = self.version.item
        self.instant = catalog.published(
            self.market,
            editor,
            reviewer,
            basic_code="XK00002000",
            name="食品经营许可证补发",
            promised_limit=0,
            handling="on_the_spot",
            guide={"steps": [{"name": "受理", "actor": "窗口", "days": 0}]},
        ).item
        self.company = User.objects.create_user(
            "company",
            password=cast.password,
            kind=User.Kind.LEGAL_PERSON,
            display_name="青溪味道餐饮有限公司",
            credit_code=COMPANY_CODE,
            phone="13800000001",
            email="food@example.com",
        )

    def submission(self, *, materials: list[MaterialInput] | None = None) -> Submission:
        return Submission(
            Applicant(Case.ApplicantKind.COMPANY, "青溪味道餐饮有限公司", COMPANY_CODE, "13800000001"),
            materials
            if materials is not None
            else [MaterialInput(0, upload=pdf("申请书.pdf")), MaterialInput(1, upload=pdf("营业执照.pdf"))],
        )

    def submitted(self, **kwargs) -> Case:
        return actions.submit_online(self.item, self.submission(**kwargs), by=self.company)

    def accepted(self) -> Case:
        return actions.accept_case(self.submitted(), by=self.cast.clerk)

    def at_approval(self) -> Case:
        return actions.complete_step(self.accepted(), by=self.handler, opinion="材料齐全，符合条件，拟准予。")

    def decided(self, **kwargs) -> Case:
        return actions.decide_case(self.at_approval(), by=self.approver, granted=True, **kwargs)

    def delivered(self) -> Case:
        return actions.deliver_result(self.decided(), by=self.cast.clerk, method="窗口领取")


class Levels:
    """Cases across levels (三级运行): the hall's cast plus 云川市市场监督管理局 (the city decides), 柳塘镇 under 青溪区 (the
    township accepts and reviews first), 柳塘村 under it (the village service point registers and queries), and
    秋水镇 under 云湖区 (another township: an outsider). A permit of the city bureau to apply for."""

    def __init__(self, hall: Hall) -> None:
        from sunlight.orgs.models import Region

        cast = self.cast = hall.cast
        self.hall = hall
        town_region = Region.objects.create(code="990102100", name="柳塘镇", level=4, parent=cast.east_region)
        village_region = Region.objects.create(code="990102100201", name="柳塘村", level=5, parent=town_region)
        west_town_region = Region.objects.create(code="990103100", name="秋水镇", level=4, parent=cast.west_region)

        def org(name, kind, region, parent, n, short=""):
            return Org.objects.create(
                name=name,
                short_name=short,
                kind=kind,
                region=region,
                parent=parent,
                credit_code=make_credit_code("11", region.code[:6], f"{n:08d}"),
            )

        self.city_market = org("云川市市场监督管理局", Org.Kind.DEPARTMENT, cast.city_region, cast.city, 41)
        self.town = org("青溪区柳塘镇人民政府", Org.Kind.GOVERNMENT, town_region, cast.east, 42, "柳塘镇政府")
        self.village = org(
            "青溪区柳塘镇柳塘村村民委员会", Org.Kind.COMMITTEE, village_region, self.town, 43, "柳塘村委会"
        )
        self.west_town = org("云湖区秋水镇人民政府", Org.Kind.GOVERNMENT, west_town_region, cast.west, 44, "秋水镇政府")
        add = cast.add_staff
        self.city_handler = add("cityhandler", self.city_market, Role.HANDLER)
        self.city_approver = add("cityapprover", self.city_market, Role.APPROVER)
        self.town_clerk = add("townclerk", self.town, Role.WINDOW_CLERK)
        self.town_handler = add("townhandler", self.town, Role.HANDLER)
        self.village_clerk = add("villageclerk", self.village, Role.WINDOW_CLERK)
        self.west_town_clerk = add("westtownclerk", self.west_town, Role.WINDOW_CLERK)
        self.west_town_handler = add("westtownhandler", self.west_town, Role.HANDLER)
        editor = add("cityeditor", self.city_market, Role.CATALOG_OFFICER)
        reviewer = add("cityreviewer", self.city_market, Role.REVIEWER)
        self.version = catalog.published(
            self.city_market, editor, reviewer, basic_code="XK00003000", name="食品生产许可"
        )
        self.item = self.version.item

    def registered(self, at_org=None, by=None, applicant_user="company") -> Case:
        """Registered below (at the township by default) for the company's account, or `applicant_user=None`."""
        case, _code = actions.register_for_upper_level(
            self.item,
            self.hall.submission(),
            by=by or self.town_clerk,
            at_org=at_org or self.town,
            applicant_user=self.hall.company if applicant_user == "company" else applicant_user,
        )
        return case

    def accepted(self) -> Case:
        return actions.accept_case(self.registered(), by=self.town_clerk)

    def forwarded(self, kind: str = "report") -> Case:
        return actions.transfer_case(
            self.accepted(),
            by=self.town_handler,
            to_org=self.city_market,
            kind=kind,
            opinion="材料齐全，初审同意上报。",
        )

    def decided(self) -> Case:
        case = actions.complete_step(self.forwarded(), by=self.city_handler, opinion="符合条件，拟准予。")
        return actions.decide_case(case, by=self.city_approver, granted=True, text="准予许可。")
