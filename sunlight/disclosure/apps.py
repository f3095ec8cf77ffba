from django.utils.translation import gettext_lazy as _

from sunlight.modules import ALL_ACTS, VIEW_ADD_CHANGE, ApiRouter, DemoStep, ModuleConfig, NavItem, PortalEntry, Urls


class DisclosureConfig(ModuleConfig):
    name = "sunlight.disclosure"
    label = "disclosure"
    verbose_name = _("主动公开")
    public_urls = Urls("disclosure/", "sunlight.disclosure.urls.public")
    workbench_urls = Urls("workbench/disclosure/", "sunlight.disclosure.urls.workbench")
    api_routers = (ApiRouter("/disclosure/", "sunlight.disclosure.api.router", "disclosure 主动公开"),)
    portal_entry = PortalEntry(
        "disclosure",
        _("信息公开"),
        _("主动公开的政府信息、政策解读、重点领域信息和公开指南。"),
        "disclosure:catalog",
        order=10,
    )
    workbench_nav = (NavItem(_("主动公开"), "disclosure_wb:list", order=10),)
    sitemaps = {
        "catalog": "sunlight.disclosure.sitemaps.CatalogSitemap",
        "documents": "sunlight.disclosure.sitemaps.DocumentSitemap",
    }
    admin_managed = {
        "topic": VIEW_ADD_CHANGE,
        "genre": VIEW_ADD_CHANGE,
        "keyarea": VIEW_ADD_CHANGE,
        "sensitiveword": ALL_ACTS,
        "document": ("view",),
    }
    demo_steps = (
        DemoStep(
            "documents", "sunlight.disclosure.demo.build_documents", 3000, "How many demo documents (0: none).", 10
        ),
    )
    jobs_module = "tasks"
    verb_prefixes = {
        "disclosure.topic": _("主题分类"),
        "disclosure.genre": _("体裁分类"),
        "disclosure.key_area": _("重点领域"),
        "disclosure.sensitive_word": _("敏感词"),
    }
    verbs = {
        "disclosure.create": _("起草政府信息"),
        "disclosure.update": _("修改政府信息"),
        "disclosure.attach": _("上传附件"),
        "disclosure.detach": _("删除附件"),
        "disclosure.screen": _("检查敏感信息"),
        "disclosure.submit": _("提交保密审查"),
        "disclosure.mask": _("遮蔽敏感内容"),
        "disclosure.review.approved": _("保密审查：同意公开"),
        "disclosure.review.returned": _("保密审查：退回修改"),
        "disclosure.schedule": _("定时发布"),
        "disclosure.publish": _("发布"),
        "disclosure.withdraw": _("撤回"),
        "disclosure.validity": _("变更有效性"),
        "disclosure.link_interpretation": _("关联政策解读"),
        "disclosure.guide": _("修改公开指南"),
        "disclosure.import": _("批量导入"),
        "disclosure.import_job.start": _("开始批量导入"),
    }
