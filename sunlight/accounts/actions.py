"""The security acts of an account, one action each: check who may, change the rows, write the event — in one
transaction. The workbench's security page and the public registration page call these; they change nothing
themselves.

What a rule needs to know about the session (has it given everything its account owes — see
sunlight.accounts.access.second_factor) is passed in as a plain fact, so the actions take no HttpRequest.
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from sunlight.errors import SunlightError, refuse
from sunlight.events.log import record
from sunlight.validators import compact

from .access import is_staff_user, totp_required
from .models import ApiToken, User

PUBLIC_KINDS = (User.Kind.CITIZEN, User.Kind.LEGAL_PERSON)


def _require_staff(by) -> None:
    if not is_staff_user(by):
        raise PermissionDenied(gettext("工作台仅供工作人员使用。"))


# --- API tokens (接口令牌) ------------------------------------------------------------------------------------


@transaction.atomic
def issue_api_token(
    *, by: User, name: str, days: int | None = None, session_owes_nothing: bool, ip: str | None = None
) -> tuple[ApiToken, str]:
    """Issue a bearer token to `by` and return it with its plain secret, shown once and never stored.

    A bearer token is a factor of its own: only staff, and only from a session that owes no second factor (its
    code given, or no device required), may mint one — otherwise a token would walk around the missing factor.
    """
    _require_staff(by)
    if not session_owes_nothing:
        raise refuse(gettext("请先启用动态验证码，再申请接口令牌。"), "second_factor_owed")
    token, plain = ApiToken.issue(by, name, days)
    record("security.token_issued", actor=by, obj=token, ip=ip)
    return token, plain


@transaction.atomic
def administers(by: User, owner: User) -> bool:
    """`by` is the owner, a superuser, or an admin of an org where the owner holds a post (the admin's scope)."""
    if owner.pk == by.pk or by.is_superuser:
        return True
    from sunlight.orgs import scope
    from sunlight.orgs.models import Membership, Role

    posts = Membership.objects.filter(user=owner, is_active=True)
    return scope.scoped(posts, by, "org", roles=Role.ADMIN).exists()


def revoke_api_token(token: ApiToken, *, by: User, ip: str | None = None) -> ApiToken:
    """Revoke a token (吊销接口令牌): one's own, or, for an admin, one of their staff's; it stops working at once."""
    if not administers(by, token.user):
        raise PermissionDenied(gettext("只能吊销自己的接口令牌。"))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)  # re-read: two revocations at once write one event
    if token.revoked_at is not None:
        raise refuse(gettext("该接口令牌已吊销。"), "already_revoked")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record("security.token_revoked", actor=by, obj=token, ip=ip)
    return token


# --- the authenticator (动态验证码, TOTP) ---------------------------------------------------------------------


@transaction.atomic
def start_totp_enrolment(*, by: User) -> TOTPDevice:
    """The unconfirmed device whose QR code the security page shows; asking again gives the same one.

    Nothing is switched on until the device is confirmed with a code (enrol_totp), so this writes no event.
    """
    _require_staff(by)
    devices = list(TOTPDevice.objects.select_for_update().filter(user=by).order_by("pk"))
    if any(device.confirmed for device in devices):
        raise refuse(gettext("已启用动态验证码。"), "already_enrolled")
    return devices[0] if devices else TOTPDevice.objects.create(user=by, name="authenticator", confirmed=False)


def enrol_totp(device: TOTPDevice, *, by: User, code: str, ip: str | None = None) -> TOTPDevice:
    """Confirm `by`'s pending device with a code from it (启用动态验证码).

    The code is checked before the transaction opens: django-otp counts a wrong code against the device (and
    slows the next try), and that count must stay written when the act is refused.
    """
    _require_staff(by)
    if device.user_id != by.pk:
        raise PermissionDenied(gettext("只能管理自己的动态验证码。"))
    if device.confirmed or TOTPDevice.objects.filter(user=by, confirmed=True).exists():
        raise refuse(gettext("已启用动态验证码。"), "already_enrolled")
    if not device.verify_token(code):
        raise refuse(gettext("验证码不正确，请重试。"), "wrong_code")
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record("security.otp_enrolled", actor=by, ip=ip)
    return device


@transaction.atomic
def remove_totp(*, by: User, session_owes_nothing: bool, ip: str | None = None) -> None:
    """Switch off `by`'s authenticator (关闭动态验证码): every device of the account, pending ones too.

    Refused to a session that has not given its code (whoever holds only the password may not drop the second
    factor) and to an account a setting requires to keep one.
    """
    _require_staff(by)
    devices = list(TOTPDevice.objects.select_for_update().filter(user=by))
    if not any(device.confirmed for device in devices):
        raise refuse(gettext("尚未启用动态验证码。"), "not_enrolled")
    if not session_owes_nothing:
        raise refuse(gettext("请先在工作台登录页输入动态验证码。"), "second_factor_owed")
    if totp_required(by):
        raise refuse(gettext("您的账户必须使用动态验证码，不能关闭。"), "totp_required")
    TOTPDevice.objects.filter(pk__in=[device.pk for device in devices]).delete()
    record("security.otp_removed", actor=by, ip=ip)


@transaction.atomic
def reset_totp(owner: User, *, by: User, ip: str | None = None) -> None:
    """An admin switches off the authenticator of one of their staff who lost it (重置动态验证码): the staff
    member enrols a new one at their next sign-in when their account requires it. Never one's own (that is
    remove_totp, which asks for the code first)."""
    _require_staff(by)
    if owner.pk == by.pk or not administers(by, owner):
        raise PermissionDenied(gettext("只能重置本单位工作人员的动态验证码。"))
    devices = TOTPDevice.objects.select_for_update().filter(user=owner)
    if not devices.exists():
        raise refuse(gettext("尚未启用动态验证码。"), "not_enrolled")
    devices.delete()
    record("security.otp_removed", actor=by, obj=owner, data={"reset_by_admin": True}, ip=ip)


# --- public accounts (公众账户) --------------------------------------------------------------------------------


def _refusal(exc: ValidationError) -> SunlightError:
    return refuse("；".join(str(message) for message in exc.messages))


@transaction.atomic
def register_account(
    *,
    username: str,
    password: str,
    kind: str,
    display_name: str = "",
    phone: str = "",
    credit_code: str = "",
    ip: str | None = None,
) -> User:
    """A person or an organisation opens a public account (注册账号): a citizen, or a legal person identified by
    its 统一社会信用代码. Never a staff account — those are made by an administrator."""
    if kind not in PUBLIC_KINDS:
        raise refuse(gettext("公众注册只能开设自然人或法人账户。"), "bad_kind")
    credit_code = compact(credit_code or "")
    if kind == User.Kind.LEGAL_PERSON and not credit_code:
        raise refuse(gettext("法人或其他组织须填写统一社会信用代码。"), "credit_code_missing")
    if kind == User.Kind.CITIZEN and credit_code:
        raise refuse(gettext("自然人账户不填写统一社会信用代码。"), "credit_code_not_wanted")
    user = User(username=username, kind=kind, display_name=display_name, phone=phone, credit_code=credit_code)
    user.set_password(password)
    try:
        user.full_clean(validate_unique=False)  # the username's characters, the credit code's check digit, lengths
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise _refusal(exc) from None
    # Like Django's sign-up form: "Li" and "li" would be two people nobody can tell apart.
    if User.objects.filter(username__iexact=username).exists():
        raise refuse(gettext("该用户名已被使用。"), "username_taken")
    user.save()
    record("accounts.register", actor=user, obj=user, data={"kind": user.kind}, ip=ip)
    return user
