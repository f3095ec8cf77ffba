from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin as OtpTOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from sunlight.orgs.admin_scoping import ScopedAdminMixin

from .models import ApiToken, User


@admin.register(User)
class UserAdmin(ScopedAdminMixin, DjangoUserAdmin):
    """An org admin sees the accounts of their subtree's staff only (citizens and other districts' staff: superusers)."""

    scope_user_field = ""
    list_display = ("username", "display_name", "kind", "is_active", "is_staff", "last_login")
    list_filter = ("kind", "is_active", "is_staff")
    search_fields = ("username", "display_name", "credit_code")
    fieldsets = DjangoUserAdmin.fieldsets + (
        ("阳光政务", {"fields": ("kind", "display_name", "phone", "credit_code", "elder_mode")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_user_field = "user"
    list_display = ("name", "user", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "created_at", "last_used_at")

    def has_add_permission(self, request):
        return False  # tokens are issued from the workbench, which shows the secret once


# django-otp registers its own admin; replace it by the same admin scoped to the subtree's staff.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(ScopedAdminMixin, OtpTOTPDeviceAdmin):
    scope_user_field = "user"
