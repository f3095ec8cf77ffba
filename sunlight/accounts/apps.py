from django.utils.translation import gettext_lazy as _

from sunlight.modules import ApiRouter, ModuleConfig, Urls


class AccountsConfig(ModuleConfig):
    name = "sunlight.accounts"
    label = "accounts"
    layer = "kernel"
    verbose_name = _("账户")
    public_urls = Urls("accounts/", "sunlight.accounts.urls")
    api_routers = (ApiRouter("/me/", "sunlight.accounts.api.router", "accounts 账户"),)
    verbs = {
        "accounts.register": _("注册账号"),
        "accounts.sso_login": _("统一身份认证登录"),
        "accounts.sso_register": _("统一身份认证开户"),
        "accounts.sso_linked": _("关联统一身份认证账号"),
        "accounts.sso_refused": _("统一身份认证登录被拒绝"),
        "security.login": _("登录"),
        "security.login_failed": _("登录失败"),
        "security.logout": _("退出登录"),
        "security.otp_enrolled": _("启用动态口令"),
        "security.otp_failed": _("动态口令错误"),
        "security.otp_removed": _("停用动态口令"),
        "security.token_issued": _("签发接口令牌"),
        "security.token_revoked": _("吊销接口令牌"),
    }
