from django.utils.translation import gettext_lazy as _

from sunlight.modules import ALL_ACTS, VIEW_ADD_CHANGE, ApiRouter, DemoStep, ModuleConfig, NavItem, PortalEntry, Urls


class CatalogConfig(ModuleConfig):
    name = "sunlight.catalog"
    label = "catalog"
    verbose_name = _("事项与三单")
    layer = "domain"
    jobs_module = "tasks"
    public_urls = Urls("catalog/", "sunlight.catalog.urls.public")
    workbench_urls = Urls("workbench/catalog/", "sunlight.catalog.urls.workbench")
    api_routers = (ApiRouter("/catalog/", "sunlight.catalog.api.router", "catalog 事项与三单"),)
    portal_entry = PortalEntry(
        "catalog",
        _("办事指南"),
        _("每个事项怎么办：条件、材料、流程、时限、收费，以及权力、责任、负面、监管清单。"),
        "catalog:index",
        order=20,
    )
    workbench_nav = (NavItem(_("事项管理"), "catalog_wb:items", order=40),)
    sitemaps = {
        "service-lists": "sunlight.catalog.sitemaps.ListSitemap",
        "service-items": "sunlight.catalog.sitemaps.ItemSitemap",
    }
    demo_steps = (
        DemoStep("catalog", "sunlight.catalog.demo.build_catalog", 340, "Demo service items (with laws, lists).", 15),
    )
    verbs = {
        "catalog.add": _("新增事项"),
        "catalog.change": _("起草事项变更"),
        "catalog.suspend": _("起草事项暂停"),
        "catalog.cancel": _("起草事项取消"),
        "catalog.split": _("拆分事项"),
        "catalog.merge": _("合并事项"),
        "catalog.edit": _("编辑事项草稿"),
        "catalog.submit": _("提交事项审核"),
        "catalog.return": _("退回事项修改"),
        "catalog.publish": _("发布事项版本"),
        "catalog.feedback": _("收到指南纠错"),
        "catalog.feedback_handled": _("处理指南纠错"),
        "catalog.import": _("导入事项"),
    }
    verb_prefixes = {"catalog.law": _("法律法规"), "catalog.negative": _("负面清单")}
    admin_managed = {"law": VIEW_ADD_CHANGE, "negativelistentry": ALL_ACTS}
