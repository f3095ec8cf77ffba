"""One way to make projects for tests: a city with four departments, each with a published item, the national
four stages with the 施工许可 stage bound to the four items, a company owner, and stages in each state."""

from __future__ import annotations

from sunlight.accounts.models import User
from sunlight.cases import actions as case_actions
from sunlight.cases.models import Case
from sunlight.cases.tests.builders import pdf
from sunlight.catalog.tests import builders as catalog
from sunlight.orgs.codes import make_credit_code
from sunlight.orgs.models import Org, Role
from sunlight.projects import actions
from sunlight.projects.actions import ProjectInput, StageMaterialInput
from sunlight.projects.models import Project, ProjectType, Stage, StageApplication, StageItem

OWNER_CODE = make_credit_code("91", "990100", "MA000077")
DEPARTMENTS = (
    ("dev", "云川市发展和改革委员会", "市发展改革委", "固定资产投资项目节能审查"),
    ("land", "云川市自然资源局", "市自然资源局", "建设工程规划许可证核发"),
    ("build", "云川市住房和城乡建设局", "市住建局", "建筑工程施工许可证核发"),
    ("env", "云川市生态环境局", "市生态环境局", "建设项目环境影响登记表备案"),
)


def _materials(own: str) -> list[dict]:
    # Every department asks for the 营业执照 and the 项目批准文件: the stage's one list holds each once.
    return [
        {"name": f"{own}申请表", "form": "original", "source": "applicant"},
        {"name": "营业执照", "form": "copy", "source": "government"},
        {"name": "项目批准文件", "form": "copy", "source": "government"},
    ]


class Works:
    def __init__(self, cast) -> None:
        self.cast = cast
        self.center = Org.objects.create(
            name="云川市政务服务中心",
            kind=Org.Kind.SERVICE_CENTER,
            region=cast.city_region,
            parent=cast.city,
            credit_code=make_credit_code("11", "990100", "00000090"),
        )
        self.window = cast.add_staff("worksclerk", self.center, Role.WINDOW_CLERK)
        self.depts: dict[str, Org] = {}
        self.items = {}
        self.handlers: dict[str, User] = {}
        self.approvers: dict[str, User] = {}
        for n, (key, name, short, item_name) in enumerate(DEPARTMENTS, start=60):
            org = Org.objects.create(
                name=name,
                short_name=short,
                kind=Org.Kind.DEPARTMENT,
                region=cast.city_region,
                parent=cast.city,
                credit_code=make_credit_code("11", "990100", f"{n:08d}"),
            )
            self.depts[key] = org
            editor = cast.add_staff(f"{key}editor", org, Role.CATALOG_OFFICER)
            reviewer = cast.add_staff(f"{key}reviewer", org, Role.REVIEWER)
            self.handlers[key] = cast.add_staff(f"{key}handler", org, Role.HANDLER)
            self.approvers[key] = cast.add_staff(f"{key}approver", org, Role.APPROVER)
            self.items[key] = catalog.item_of(
                org,
                editor,
                reviewer,
                name=item_name,
                level="city",
                guide={"materials": _materials(item_name)},
            )
        self.owner = User.objects.create_user(
            "builder",
            password=cast.password,
            kind=User.Kind.LEGAL_PERSON,
            display_name="云川城建置业有限公司",
            credit_code=OWNER_CODE,
            phone="13800000077",
        )
        self.other_owner = User.objects.create_user(
            "otherbuilder",
            password=cast.password,
            kind=User.Kind.LEGAL_PERSON,
            display_name="云湖建设有限公司",
            credit_code=make_credit_code("91", "990100", "MA000078"),
        )
        self.pathway = actions.install_preset(cast.city, "national4", by=cast.admin)
        self.stages = list(self.pathway.stages.order_by("order"))
        self.permit = self.stages[2]  # 施工许可, led by 住建
        for key in ("build", "land", "dev"):
            actions.set_stage_item(
                self.permit, self.items[key], by=cast.admin, requirement=StageItem.Requirement.REQUIRED
            )
        actions.set_stage_item(self.permit, self.items["env"], by=cast.admin, requirement="optional")
        # Earlier stages with one item each, so a project can reach 施工许可 through the acts.
        for stage in self.stages[:2] + self.stages[3:]:
            actions.set_stage_item(stage, self.items["land"], by=cast.admin, requirement="required")

    def project(self, *, by=None, project_type: str = ProjectType.SOCIAL, **fields) -> Project:
        data = ProjectInput(
            name=fields.pop("name", "云川科创园一期"),
            project_type=project_type,
            location="云川市青溪区科创大道 8 号",
            investment=fields.pop("investment", "12000"),
            **fields,
        )
        return actions.register_project(self.pathway, data, by=by or self.owner)

    def materials(self, stage: Stage, project: Project, optional=None) -> list[StageMaterialInput]:
        from sunlight.cases import days
        from sunlight.projects.actions.materials import applicable_items, combined_materials

        listed = combined_materials(applicable_items(stage, project.project_type, optional), days.today())
        return [StageMaterialInput(i, upload=pdf(f"{m.name}.pdf")) for i, m in enumerate(listed)]

    def filed(self, project: Project, stage: Stage | None = None, **kwargs) -> StageApplication:
        stage = stage or self.permit
        materials = self.materials(stage, project, kwargs.get("optional_items"))
        return actions.file_stage(project, stage, by=self.owner, materials=materials, **kwargs)

    def accepted(self, project: Project, stage: Stage | None = None, **kwargs) -> StageApplication:
        return actions.accept_stage(self.filed(project, stage, **kwargs), by=self.window)

    def decide(self, case: Case) -> Case:
        key = next(k for k, org in self.depts.items() if org.pk == case.org_id)
        case = case_actions.complete_step(case, by=self.handlers[key], opinion="符合条件，拟准予。")
        return case_actions.decide_case(case, by=self.approvers[key], granted=True, text="准予。")

    def decide_all(self, application: StageApplication) -> None:
        for link in application.children.select_related("case"):
            self.decide(link.case)

    def joint_review(self, application: StageApplication, *, passed: bool = True):
        from sunlight.projects.actions.opinions import stage_orgs

        lead = application.stage.lead_org
        key = next(k for k, org in self.depts.items() if org.pk == lead.pk)
        return actions.record_joint_review(
            application,
            by=self.handlers[key],
            conclusion="联合审查通过。" if passed else "消防设计不符合规范，须整改。",
            passed=passed,
            opinions=dict.fromkeys(stage_orgs(application), "同意。"),
        )

    def delivered(self, project: Project, stage: Stage) -> StageApplication:
        application = self.accepted(project, stage)
        self.decide_all(application)
        if stage.is_joint:
            self.joint_review(application)
        return actions.deliver_stage(application, by=self.window, method="窗口领取")

    def at_permit(self, project: Project | None = None) -> Project:
        project = project or self.project()
        for stage in self.stages[:2]:
            self.delivered(project, stage)
        return project
