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
