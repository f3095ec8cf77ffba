"""People: public accounts (citizens, legal persons) and staff, plus API tokens for staff and systems."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sunlight.crypto import blind_index, sm3_hex
from sunlight.fields import EncryptedTextField
from sunlight.orgs.codes import validate_credit_code

ID_NUMBER_PURPOSE = "accounts.id_number"


def id_number_index(id_number: str | None) -> str:
    """The keyed hash an account is found by from an identity document number ("" for none)."""
    number = "".join((id_number or "").split())
    return blind_index(number, purpose=ID_NUMBER_PURPOSE) if number else ""


class User(AbstractUser):
    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("自然人")
        LEGAL_PERSON = "legal_person", _("法人或其他组织")
        STAFF = "staff", _("工作人员")

    kind = models.CharField(_("账户类型"), max_length=20, choices=Kind.choices, default=Kind.CITIZEN)
    display_name = models.CharField(_("姓名或名称"), max_length=120, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    # Legal persons identify by their 统一社会信用代码.
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, validators=[validate_credit_code])
    elder_mode = models.BooleanField(_("长者模式"), default=False)
    # The identity the province's platform (统一身份认证) verified, or an admin entered for a staff account so
    # the platform's sign-in finds it. The number is SM4-encrypted; `id_number_index` is its keyed hash.
    real_name = models.CharField(_("实名"), max_length=120, blank=True)
    real_name_verified = models.BooleanField(_("已实名认证"), default=False)
    id_number = EncryptedTextField(_("证件号码"), purpose=ID_NUMBER_PURPOSE, blank=True)
    id_number_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def save(self, *args, **kwargs):
        # The look-up hash always follows the number, whoever wrote it (an action, the admin).
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "id_number" in update_fields:
            self.id_number_index = id_number_index(self.id_number)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "id_number_index"}
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_public(self) -> bool:
        return self.kind != self.Kind.STAFF


class ApiToken(models.Model):
    """A bearer token for staff scripts and other systems. Only the SM3 hash of the secret is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("用途"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("失效时间"))
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
        """Create a token and return it with the plain secret, which is shown once and never stored."""
        prefix = secrets.token_hex(4)
        plain = f"sl_{prefix}_{secrets.token_urlsafe(32)}"
        token = cls.objects.create(
            user=user,
            name=name,
            prefix=prefix,
            key_hash=sm3_hex(plain),
            expires_at=timezone.now() + timedelta(days=days or settings.API_TOKEN_DEFAULT_DAYS),
        )
        return token, plain

    @classmethod
    def authenticate(cls, plain: str) -> User | None:
        token = (
            cls.objects.select_related("user")
            .filter(key_hash=sm3_hex(plain), revoked_at__isnull=True, expires_at__gt=timezone.now())
            .first()
        )
        if token is None or not token.user.is_active:
            return None
        cls.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user


class ExternalIdentity(models.Model):
    """An account's identity at an OpenID Connect provider (统一身份认证平台): the provider's `sub`, unique per
    issuer and door. Created at the first sign-in through the provider (or by an admin for a staff account); the
    account is found by it from then on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities", verbose_name=_("用户")
    )
    issuer = models.CharField(_("认证平台"), max_length=255)
    subject = models.CharField(_("平台用户标识"), max_length=255)
    # One public account and one staff account at most per person: a civil servant is a citizen too. The staff
    # door finds only the staff link, the public door only the public one.
    staff = models.BooleanField(_("工作人员账户"), default=False)
    created_at = models.DateTimeField(_("关联时间"), default=timezone.now, editable=False)
    last_login_at = models.DateTimeField(_("最近登录"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("统一身份认证关联")
        verbose_name_plural = _("统一身份认证关联")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject", "staff"], name="external_identity_unique_subject")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.issuer}"
