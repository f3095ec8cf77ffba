from django.utils.translation import gettext_lazy as _

from sunlight.modules import ALL_ACTS, VIEW_ADD_CHANGE, ApiRouter, ModuleConfig


class OrgsConfig(ModuleConfig):
    name = "sunlight.orgs"
    label = "orgs"
    layer = "kernel"
    verbose_name = _("机构与岗位")
    api_routers = (ApiRouter("/orgs/", "sunlight.orgs.api.router", "orgs 机构"),)
    verb_prefixes = {"orgs.region": _("行政区划"), "orgs.org": _("机构"), "orgs.membership": _("岗位")}
    # Deleting orgs or regions would orphan records: they are deactivated instead. Windows and memberships may go.
    admin_managed = {"region": VIEW_ADD_CHANGE, "org": VIEW_ADD_CHANGE, "window": ALL_ACTS, "membership": ALL_ACTS}
