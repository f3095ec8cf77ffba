from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin as OtpTOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from sunlight.errors import SunlightError
from sunlight.orgs.admin_scoping import ScopedAdminMixin

from . import actions
from .models import ApiToken, ExternalIdentity, User


@admin.register(User)
class UserAdmin(ScopedAdminMixin, DjangoUserAdmin):
    """An org admin sees the accounts of their subtree's staff only (citizens and other districts' staff: superusers)."""

    scope_user_field = ""
    list_display = ("username", "display_name", "kind", "is_active", "is_staff", "last_login")
    list_filter = ("kind", "is_active", "is_staff")
    search_fields = ("username", "display_name", "credit_code")
    fieldsets = DjangoUserAdmin.fieldsets + (
        ("阳光政务", {"fields": ("kind", "display_name", "phone", "credit_code", "elder_mode")}),
        # A staff account with its holder's identity number is found by the identity platform's sign-in.
        (_("统一身份认证"), {"fields": ("real_name", "real_name_verified", "id_number")}),
    )
    readonly_fields = ("real_name", "real_name_verified")


class ExternalIdentityForm(forms.ModelForm):
    by: User | None = None  # the admin filling the form (set by ExternalIdentityAdmin.get_form)

    class Meta:
        model = ExternalIdentity
        fields = ("user", "issuer", "subject")

    def clean(self):
        data = super().clean()
        if data.get("user") and self.by is not None:
            try:
                actions.check_staff_link(
                    data["user"],
                    by=self.by,
                    issuer=(data.get("issuer") or "").strip().rstrip("/"),
                    subject=(data.get("subject") or "").strip(),
                )
            except (SunlightError, PermissionDenied) as exc:
                raise forms.ValidationError(str(exc)) from None
        return data


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """The accounts' identities at the platform. Public ones are made by the sign-in itself; an admin links a staff
    account explicitly here (关联统一身份认证账号, the act sunlight.accounts.actions.link_staff_identity) or unlinks
    one by deleting it."""

    scope_user_field = "user"
    form = ExternalIdentityForm
    list_display = ("user", "issuer", "subject", "staff", "created_at", "last_login_at")
    list_filter = ("staff", "issuer")
    search_fields = ("subject", "user__username", "user__display_name")
    raw_id_fields = ("user",)

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)  # a link is made or deleted, not edited

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"by": request.user})

    def save_model(self, request, obj, form, change):
        # Checked by the form already; the act writes the link and its event.
        link = actions.link_staff_identity(obj.user, by=request.user, issuer=obj.issuer, subject=obj.subject)
        obj.pk, obj.issuer, obj.subject, obj.created_at = link.pk, link.issuer, link.subject, link.created_at
        obj._state.adding = False


@admin.register(ApiToken)
class ApiTokenAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_user_field = "user"
    list_display = ("name", "user", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at")
    readonly_fields = ("name", "user", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at")
    actions = ["revoke_selected"]

    def has_add_permission(self, request):
        return False  # tokens are issued from the workbench, which shows the secret once

    def has_delete_permission(self, request, obj=None):
        return False  # a revoked token stays on record; revoking is the act

    @admin.action(description=_("吊销所选接口令牌"), permissions=["change"])
    def revoke_selected(self, request, queryset):
        _each(self, request, queryset, lambda token: actions.revoke_api_token(token, by=request.user))


# django-otp registers its own admin; replace it by the same admin scoped to the subtree's staff.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(ScopedAdminMixin, OtpTOTPDeviceAdmin):
    """Read-only but for the one act an admin has here: resetting the authenticator a staff member lost."""

    scope_user_field = "user"
    actions = ["reset_selected"]

    def has_add_permission(self, request):
        return False  # enrolled by the staff member on their own security page

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("重置所选人员的动态验证码"), permissions=["view"])
    def reset_selected(self, request, queryset):
        owners = {device.user for device in queryset.select_related("user")}
        _each(self, request, owners, lambda owner: actions.reset_totp(owner, by=request.user))


def _each(model_admin, request, items, act) -> None:
    """Run an act on each selected item; a refusal is reported and the others still run (each is its own act)."""
    done = 0
    for item in items:
        try:
            act(item)
            done += 1
        except (SunlightError, PermissionDenied) as exc:
            model_admin.message_user(request, f"{item}：{exc}", messages.ERROR)
    if done:
        model_admin.message_user(request, _("已完成 %(n)s 项。") % {"n": done}, messages.SUCCESS)
