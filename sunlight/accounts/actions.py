"""The security acts of an account, one action each: check who may, change the rows, write the event — in one
transaction. The workbench's security page and the public registration page call these; they change nothing
themselves.

What a rule needs to know about the session (has it given everything its account owes — see
sunlight.accounts.access.second_factor) is passed in as a plain fact, so the actions take no HttpRequest.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from sunlight.errors import SunlightError, refuse
from sunlight.events.log import record
from sunlight.validators import compact, validate_credit_code

from .access import is_staff_user, totp_required
from .models import ApiToken, ExternalIdentity, User, id_number_index

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


# --- single sign-on (统一身份认证) ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProviderIdentity:
    """What the province's identity platform asserted about the person signing in (read from its claims by
    sunlight.accounts.sso)."""

    issuer: str
    subject: str
    real_name: str = ""
    id_number: str = ""
    legal_person: bool = False
    verified: bool = False


class SignInRefused(SunlightError):
    """A refusal at the platform's sign-in; carries the platform's identity (issuer and `sub`, no personal data)
    so the refusal can be recorded and an admin can link the right account."""

    status = 403
    code = "sso_refused"

    def __init__(self, message: str, *, code: str, identity: ProviderIdentity | None = None) -> None:
        super().__init__(message, code=code)
        self.identity = identity


def _one_account(candidates, identity: ProviderIdentity, *, many_message: str) -> User | None:
    accounts = list(candidates[:2])
    if len(accounts) > 1:
        raise SignInRefused(many_message, code="ambiguous_account", identity=identity)
    return accounts[0] if accounts else None


def _new_username() -> str:
    while True:
        username = f"sso-{secrets.token_hex(5)}"
        if not User.objects.filter(username__iexact=username).exists():
            return username


def _open_public_account(identity: ProviderIdentity, *, ip: str | None) -> User:
    kind = User.Kind.LEGAL_PERSON if identity.legal_person else User.Kind.CITIZEN
    credit_code = ""
    if identity.legal_person:
        try:
            validate_credit_code(compact(identity.id_number))
            credit_code = compact(identity.id_number)
        except ValidationError:
            credit_code = ""  # the number is kept (encrypted) all the same; an admin can look at it
    user = User(
        username=_new_username(),
        kind=kind,
        display_name=identity.real_name[:120],
        credit_code=credit_code,
    )
    user.set_unusable_password()  # signs in through the platform; a password can be set later by reset
    user.save()
    record("accounts.sso_register", actor=user, obj=user, data={"kind": kind, "issuer": identity.issuer}, ip=ip)
    return user


@transaction.atomic
def sign_in_with_provider(identity: ProviderIdentity, *, staff_door: bool = False, ip: str | None = None) -> User:
    """The account a person signing in through the identity platform (统一身份认证登录) gets, with the real name
    and identity number the platform verified written onto it.

    The public door finds the public account linked to the platform's `sub`, else the one public account with the
    same identity number, else opens a citizen's or legal person's account. The staff door never opens an account:
    it finds the staff account linked to the `sub` (by an admin), else the one staff account an admin gave the
    same identity number; otherwise it is refused. The caller signs the account in (staff still owe their second
    factor at the staff doors).
    """
    if not identity.issuer or not identity.subject:
        raise refuse(gettext("统一身份认证平台返回的身份信息不完整，请重新登录。"), "incomplete_identity")
    link = (
        ExternalIdentity.objects.select_for_update()
        .select_related("user")
        .filter(issuer=identity.issuer, subject=identity.subject, staff=staff_door)
        .first()
    )
    index = id_number_index(identity.id_number)
    created = False
    if link is not None:
        user = link.user
    elif staff_door:
        staff_accounts = User.objects.filter(Q(kind=User.Kind.STAFF) | Q(is_superuser=True))
        user = _one_account(
            staff_accounts.filter(id_number_index=index) if index else User.objects.none(),
            identity,
            many_message=gettext("有多个工作人员账户登记了同一证件号码，请联系系统管理员处理。"),
        )
        if user is None:
            raise SignInRefused(
                gettext(
                    "统一身份认证平台已确认您的身份，但本平台没有与之关联的工作人员账户。"
                    "工作人员账户不能通过统一身份认证开设，请联系本单位系统管理员在您的账户中登记身份证件号码后再登录。"
                ),
                code="staff_not_linked",
                identity=identity,
            )
    else:
        public_accounts = User.objects.filter(kind__in=PUBLIC_KINDS, is_superuser=False, is_staff=False)
        user = _one_account(
            public_accounts.filter(id_number_index=index) if index else User.objects.none(),
            identity,
            many_message=gettext("有多个账户登记了同一证件号码，请联系平台管理员处理。"),
        )
        if user is None:
            user, created = _open_public_account(identity, ip=ip), True
    if not user.is_active:
        raise SignInRefused(gettext("该账户已停用，请联系平台管理员。"), code="inactive")
    if staff_door != is_staff_user(user):  # an old link to an account whose kind changed since
        raise SignInRefused(
            gettext("该统一身份认证账号关联的账户类型与登录入口不符，请联系平台管理员。"), code="wrong_door"
        )

    now = timezone.now()
    if link is None:
        link = ExternalIdentity.objects.create(
            user=user, issuer=identity.issuer, subject=identity.subject, staff=staff_door, last_login_at=now
        )
        if not created:
            record("accounts.sso_linked", actor=user, obj=user, data={"issuer": identity.issuer}, ip=ip)
    else:
        link.last_login_at = now
        link.save(update_fields=["last_login_at"])

    # What the platform verified goes onto the account; a staff account's number stays the one its admin entered.
    changed = []
    if identity.real_name and user.real_name != identity.real_name:
        user.real_name = identity.real_name[:120]
        changed.append("real_name")
    if identity.verified != user.real_name_verified:
        user.real_name_verified = identity.verified
        changed.append("real_name_verified")
    if identity.id_number and not staff_door and user.id_number_index != index:
        user.id_number = "".join(identity.id_number.split())
        changed.append("id_number")
    if changed:
        user.save(update_fields=changed)
    record(
        "accounts.sso_login",
        actor=user,
        obj=user,
        data={"issuer": identity.issuer, "door": "staff" if staff_door else "public", "new_account": created},
        ip=ip,
    )
    return user


def check_staff_link(staff: User, *, by: User, issuer: str, subject: str) -> None:
    """Whether `by` may link `staff` to (issuer, subject): the refusals of link_staff_identity, for forms too."""
    if not is_staff_user(staff):
        raise refuse(gettext("只能为工作人员账户关联统一身份认证账号。"), "not_staff")
    if (staff.pk == by.pk and not by.is_superuser) or not is_staff_user(by) or not administers(by, staff):
        raise PermissionDenied(gettext("只能为本单位工作人员关联统一身份认证账号。"))
    if not issuer or not subject:
        raise refuse(gettext("请填写认证平台和平台用户标识。"), "incomplete_identity")
    if ExternalIdentity.objects.filter(issuer=issuer, subject=subject, staff=True).exists():
        raise refuse(gettext("该统一身份认证账号已关联其他工作人员账户。"), "already_linked")


@transaction.atomic
def link_staff_identity(staff: User, *, by: User, issuer: str, subject: str, ip: str | None = None) -> ExternalIdentity:
    """An admin links a staff account to its holder's identity at the platform (关联统一身份认证账号), for a staff
    member whose identity number is not entered on the account."""
    issuer = (issuer or "").strip().rstrip("/")
    subject = (subject or "").strip()
    check_staff_link(staff, by=by, issuer=issuer, subject=subject)
    link = ExternalIdentity.objects.create(user=staff, issuer=issuer, subject=subject, staff=True)
    record("accounts.sso_linked", actor=by, obj=staff, data={"issuer": issuer, "by_admin": True}, ip=ip)
    return link
