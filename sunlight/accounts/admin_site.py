"""The Django admin's site: staff accounts only, and only from a session that owes no second factor.

Installed as the default admin site (SunlightAdminConfig replaces "django.contrib.admin" in INSTALLED_APPS), so
every `admin.site.register` in the apps lands here. Its login page redirects to the workbench login (urls.py):
one sign-in, with lockout and the code step, for both.
"""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest


class SunlightAdminSite(AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        # Like django_otp's OTPAdminSite, but the code is owed only when the account has a device or a setting
        # requires one (sunlight.accounts.access.second_factor).
        from .access import SecondFactor, is_staff_user, second_factor

        return (
            super().has_permission(request)
            and is_staff_user(request.user)
            and second_factor(request) is SecondFactor.OK
        )


class SunlightAdminConfig(AdminConfig):
    default_site = "sunlight.accounts.admin_site.SunlightAdminSite"
