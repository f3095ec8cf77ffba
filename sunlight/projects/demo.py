"""Demo projects: a dozen construction projects of every type in every stage, through the real acts on the days
they would have happened (cases.days.acting_on). Among them: one finished in 36 working days end to end on
新余's five stages; one held up by a correction at 自然资源局 (its 施工许可 stage blocked now); one that lost days
to a correction and still finished; one in its 多图联审 with the joint review recorded. A run finds the projects it
made before (external_ref "demo-project-N") and adds only what is missing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from sunlight.cases import actions as case_actions
from sunlight.cases.days import acting_on
from sunlight.cases.models import Case
from sunlight.catalog.demo import construction_stage_items
from sunlight.catalog.models import ServiceItem
from sunlight.clock.calendar import get_calendar
from sunlight.orgs.models import Membership, Org

from . import actions
from .actions import ProjectInput, StageMaterialInput
from .actions.materials import applicable_items, combined_materials
from .forecast import refresh_durations
from .models import Pathway, Project, Stage, StageItem
from .presets import PRESETS

User = get_user_model()
CITY = "云川市人民政府"
ADMIN = "admin"
WINDOW = "gao.fei"
PDF = b"%PDF-1.4\n% demo material\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
R, C, OPT = "required", "conditional", "optional"
GOV, SOCIAL, SMALL, LINEAR = "government", "social", "small", "linear"

# Which demo catalog items each preset's stages run (stage order → [(item name, requirement, types)]).
BINDINGS: dict[str, dict[int, list[tuple[str, str, list[str]]]]] = {
    "national4": {
        1: [
            ("企业投资项目核准", C, [SOCIAL]),
            ("企业投资项目备案", C, [SMALL]),
            ("政府投资项目审批", C, [GOV, LINEAR]),
            ("建设项目用地预审与选址意见书核发", R, []),
            ("建设用地规划许可证核发", R, []),
            ("国有建设用地使用权划拨审核", C, [GOV, LINEAR]),
            ("农用地转用审批", OPT, []),
        ],
        2: [
            ("特殊建设工程消防设计审查", R, []),
            ("建设项目环境影响报告表审批", C, [GOV, SOCIAL, LINEAR]),
            ("建设项目环境影响报告书审批", OPT, []),
        ],
        # 施工许可: four departments in parallel (规划许可 issued with the 施工许可 after the joint drawing review).
        3: [
            ("建筑工程施工许可证核发", R, []),
            ("建设工程规划许可证核发", R, []),
            ("建设项目环境影响登记表备案", R, []),
            ("固定资产投资项目节能审查", C, [GOV, SOCIAL]),
        ],
        4: [
            ("特殊建设工程消防验收", C, [GOV, SOCIAL, LINEAR]),
            ("其他建设工程消防验收备案", C, [SMALL]),
            ("建设工程竣工验收备案", R, []),
            ("建设工程规划核实", R, []),
        ],
    },
    "xinyu5": {
        1: [
            ("企业投资项目核准", C, [SOCIAL]),
            ("企业投资项目备案", C, [SMALL]),
            ("政府投资项目审批", C, [GOV, LINEAR]),
            ("固定资产投资项目节能审查", C, [GOV, SOCIAL]),
        ],
        2: [
            ("建设项目用地预审与选址意见书核发", R, []),
            ("建设用地规划许可证核发", R, []),
            ("国有建设用地使用权划拨审核", C, [GOV, LINEAR]),
        ],
        3: [
            ("建设工程规划许可证核发", R, []),
            ("特殊建设工程消防设计审查", R, []),
            ("建设项目环境影响报告表审批", C, [GOV, SOCIAL, LINEAR]),
            ("建设项目环境影响登记表备案", C, [SMALL]),
        ],
        4: [("建筑工程施工许可证核发", R, [])],
        5: [
            ("特殊建设工程消防验收", C, [GOV, SOCIAL, LINEAR]),
            ("其他建设工程消防验收备案", C, [SMALL]),
            ("建设工程竣工验收备案", R, []),
            ("建设工程规划核实", R, []),
        ],
    },
}


@dataclass(frozen=True)
class Story:
    name: str
    project_type: str
    pathway: str
    done: int  # stages delivered
    now: str = ""  # the stage after: "" none, "filed", "running", "correcting", "ready"
    pace: float = 1.0  # share of each stage's limit it takes
    ended_days_ago: int = 10  # working days between the last act and today
    correction_stage: int = 0  # a correction at 自然资源局 in this stage (1-based), if any
    owner: int = 0  # index into the demo companies


STORIES = (
    Story("云川科创园一期", SOCIAL, "xinyu5", 5, pace=1.0, ended_days_ago=40),  # 36 working days end to end
    Story("青溪区滨河路改造工程", SOCIAL, "national4", 2, "correcting", owner=1, ended_days_ago=3),
    Story("云湖区第二实验小学", GOV, "national4", 4, pace=1.05, correction_stage=1, ended_days_ago=60),
    Story("白石食品冷链仓库", SMALL, "xinyu5", 1, "ready", owner=2, ended_days_ago=2),
    Story("云川数据中心二期", SOCIAL, "national4", 1, "ready", ended_days_ago=1),  # 多图联审 recorded
    Story("城东污水处理厂提标改造", GOV, "national4", 4, pace=0.9, ended_days_ago=25),
    Story("青溪人才公寓", GOV, "xinyu5", 5, pace=1.3, ended_days_ago=80, owner=1),
    Story("云湖物流园", SOCIAL, "xinyu5", 2, "running", ended_days_ago=3),
    Story("云川中心医院门诊楼", GOV, "national4", 4, pace=1.2, ended_days_ago=100, owner=1),
    Story("白石镇农贸市场", SMALL, "xinyu5", 5, pace=0.8, ended_days_ago=15, owner=2),
    Story("科创大道综合管廊", LINEAR, "xinyu5", 0, "filed", ended_days_ago=0),
    Story("云湖区保障性住房", GOV, "national4", 2, "running", ended_days_ago=4, owner=1),
)


def _user(username: str):
    return User.objects.filter(username=username).first()


def _pathway(city: Org, key: str, admin) -> Pathway:
    pathway = Pathway.objects.filter(city=city, preset=key).first()
    if pathway is None:
        pathway = actions.install_preset(city, key, by=admin)
    for stage in pathway.stages.all():
        for name, requirement, types in BINDINGS[key].get(stage.order, []):
            item = ServiceItem.objects.filter(
                name=name, org__path__startswith=city.path, status=ServiceItem.Status.ACTIVE
            ).first()
            if item is not None and not StageItem.objects.filter(stage=stage, item=item).exists():
                actions.set_stage_item(stage, item, by=admin, requirement=requirement, project_types=types)
    return pathway


def _materials(stage: Stage, project: Project, day: date) -> list[StageMaterialInput]:
    listed = combined_materials(applicable_items(stage, project.project_type), day)
    return [
        StageMaterialInput(i, upload=SimpleUploadedFile(f"{m.name}.pdf", PDF, "application/pdf"))
        for i, m in enumerate(listed)
    ]


def _poster(case: Case, role: str, exclude: set[int]):
    m = (
        Membership.objects.filter(org_id=case.org_id, role=role, is_active=True)
        .exclude(user_id__in=exclude)
        .select_related("user")
        .first()
    )
    return m.user if m else None


def _decide(case: Case, day: date) -> bool:
    """The case's steps, each by a post of its department, on `day`; False when a post is missing."""
    with acting_on(day):
        done: set[int] = set()
        while True:
            case.refresh_from_db()
            step = case.current_step()
            if case.status != Case.Status.HANDLING or step is None:
                return case.status == Case.Status.DECIDED
            user = _poster(case, step.role, done)
            if user is None:
                return False
            if step.role == "approver":
                case_actions.decide_case(case, by=user, granted=True, text="经审查，符合法定条件，准予许可。")
            else:
                case_actions.complete_step(case, by=user, opinion="材料齐全，符合条件，拟同意。")
            done.add(user.pk)


def _correct(case: Case, asked: date, back: date, owner) -> None:
    handler = _poster(case, "handler", set())
    with acting_on(asked):
        case_actions.request_correction(
            case, by=handler, defects=["建设工程设计方案总平面图未标注建筑退让红线距离，请补充标注后重新提交"]
        )
    if back is not None:
        with acting_on(back):
            upload = SimpleUploadedFile("总平面图（补正）.pdf", PDF, "application/pdf")
            case_actions.submit_correction(case, [case_actions.MaterialInput(0, upload=upload)], by=owner)


def _run_stage(project: Project, stage: Stage, start: date, n_days: int, story: Story, window, owner, now: str):
    """File and accept on `start`; departments decide within `n_days`; deliver on the last day (unless `now`)."""
    cal = get_calendar()
    with acting_on(start):
        application = actions.file_stage(project, stage, by=owner, materials=_materials(stage, project, start))
        if now == "filed":
            return application, start
        application = actions.accept_stage(application, by=window)
    end = cal.add(start, max(1, n_days), "working")
    links = list(application.children.select_related("case", "case__org").order_by("pk"))
    corrected = story.correction_stage == stage.order or (now == "correcting")
    for i, link in enumerate(links):
        case = link.case
        land = "自然资源" in case.org.name
        if corrected and land:
            asked = cal.add(start, 1, "working")
            back = None if now == "correcting" else cal.add(asked, 6, "working")
            _correct(case, asked, back, owner)
            if back is None:
                continue
            end = max(end, cal.add(back, 3, "working"))
            _decide(case, min(cal.add(back, 3, "working"), end))
            continue
        if now == "running" and i % 2 == 1:
            continue  # still being handled
        decide_on = end if i == 0 else cal.add(start, max(1, (n_days * (i + 1)) // (len(links) + 1)), "working")
        _decide(case, min(decide_on, end))
    if stage.is_joint and now in ("", "ready"):
        lead = Membership.objects.filter(org=stage.lead_org, role="handler").select_related("user").first()
        from .actions.opinions import stage_orgs

        with acting_on(end):
            actions.record_joint_review(
                application,
                by=lead.user,
                conclusion="各部门对同一套施工图联合审查，意见一致，审查通过。",
                passed=True,
                opinions=dict.fromkeys(stage_orgs(application), "同意，无修改意见。"),
            )
    if now:
        return application, end
    with acting_on(end):
        actions.deliver_stage(application, by=window, method="窗口领取")
    return application, end


def _plan_days(stages: list[Stage], story: Story) -> list[int]:
    return [max(1, round(s.limit_days * story.pace)) + (8 if story.correction_stage == s.order else 0) for s in stages]


def _build(n: int, story: Story, pathways: dict[str, Pathway], window, owners, today: date) -> None:
    cal = get_calendar()
    pathway = pathways[story.pathway]
    stages = list(pathway.stages.order_by("order"))
    owner = owners[story.owner % len(owners)]
    plan = _plan_days(stages, story)
    span = sum(plan[: story.done]) + (plan[story.done] if story.now in ("running", "correcting", "ready") else 0)
    start = cal.add(today, -(span + story.ended_days_ago), "working")
    with acting_on(start):
        project = actions.register_project(
            pathway,
            ProjectInput(
                name=story.name,
                project_type=story.project_type,
                location=f"云川市{story.name[:2]}片区",
                investment=str(3000 + 4700 * (n + 1)),
                external_ref=f"demo-project-{n}",
            ),
            by=owner,
        )
    day = start
    for i, stage in enumerate(stages):
        if i < story.done:
            _application, day = _run_stage(project, stage, day, plan[i], story, window, owner, "")
        elif i == story.done and story.now:
            _run_stage(project, stage, day, plan[i], story, window, owner, story.now)
            break


def build_projects(count: int) -> int:
    city = Org.objects.filter(name=CITY).first()
    admin, window = _user(ADMIN), _user(WINDOW)
    owners = list(User.objects.filter(kind="legal_person").order_by("pk"))
    if city is None or admin is None or window is None or not owners:
        return 0
    construction_stage_items("施工许可")  # the catalog's construction items must exist (catalog demo step)
    pathways = {key: _pathway(city, key, admin) for key in PRESETS}
    made = 0
    today = get_calendar().add(timezone.localdate(), -1, "working")
    for n, story in enumerate(STORIES[:count]):
        if Project.objects.filter(external_ref=f"demo-project-{n}").exists():
            continue
        with transaction.atomic():
            _build(n, story, pathways, window, owners, today)
        made += 1
    refresh_durations()
    return made


__all__ = ["STORIES", "build_projects"]
