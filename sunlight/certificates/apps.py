from django.utils.translation import gettext_lazy as _

from sunlight.modules import ApiRouter, DemoStep, ModuleConfig, NavItem, PortalEntry, Urls


class CertificatesConfig(ModuleConfig):
    name = "sunlight.certificates"
    label = "certificates"
    verbose_name = _("电子证照")
    layer = "domain"
    public_urls = Urls("certificates/", "sunlight.certificates.urls.public")
    workbench_urls = Urls("workbench/certificates/", "sunlight.certificates.urls.workbench")
    api_routers = (ApiRouter("/certificates/", "sunlight.certificates.api.router", "certificates 电子证照"),)
    portal_entry = PortalEntry(
        "certificates",
        _("证照核验"),
        _("扫码或输入证照编号，核验电子证照是否真实有效。"),
        "certificates:verify_form",
        order=80,
    )
    workbench_nav = (NavItem(_("电子证照"), "certificates_wb:list", order=80),)
    demo_steps = (
        DemoStep("certificates", "sunlight.certificates.demo.build_certificates", 4, "Demo e-certificates.", 60),
    )
    verbs = {
        "certificates.issue": _("发放电子证照"),
        "certificates.revoke": _("撤销电子证照"),
        "certificates.renew": _("换发电子证照"),
    }
