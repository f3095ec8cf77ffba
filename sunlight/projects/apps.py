from django.utils.translation import gettext_lazy as _

from sunlight.modules import ALL_ACTS, ApiRouter, DemoStep, ModuleConfig, NavItem, PortalEntry, Urls


class ProjectsConfig(ModuleConfig):
    name = "sunlight.projects"
    label = "projects"
    verbose_name = _("工程建设项目并联审批")
    layer = "domain"
    jobs_module = "tasks"
    public_urls = Urls("projects/", "sunlight.projects.urls.public")
    workbench_urls = Urls("workbench/projects/", "sunlight.projects.urls.workbench")
    api_routers = (ApiRouter("/projects/", "sunlight.projects.api.router", "projects 工程建设项目并联审批"),)
    portal_entry = PortalEntry(
        "projects",
        _("工程建设项目审批"),
        _("建设项目分阶段并联审批：一张表单、一口受理、并联审批、统一出件，查看进度和预计完成日期。"),
        "projects:index",
        order=27,
    )
    workbench_nav = (NavItem(_("并联审批"), "projects_wb:list", order=32),)
    demo_steps = (
        DemoStep("projects", "sunlight.projects.demo.build_projects", 12, "Construction projects in every stage.", 55),
    )
    verb_prefixes = {"projects.pathway_admin": _("修改审批流程"), "projects.stage_admin": _("修改审批阶段")}
    admin_managed = {"pathway": ("view", "add", "change"), "stage": ALL_ACTS, "stageitem": ("view", "delete")}
    verbs = {
        "projects.pathway": _("设置审批流程"),
        "projects.stage_item": _("设置阶段事项"),
        "projects.register": _("登记工程建设项目"),
        "projects.file": _("申报审批阶段"),
        "projects.accept": _("阶段统一受理"),
        "projects.refuse": _("阶段不予受理"),
        "projects.ask": _("征求部门意见"),
        "projects.answer": _("答复征求意见"),
        "projects.joint_review": _("联合审查"),
        "projects.deliver": _("阶段统一出件"),
        "projects.deliver_late": _("选办事项补充出件"),
    }
