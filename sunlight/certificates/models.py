"""Certificates (电子证照) and the public keys that signed them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sunlight.catalog.models import ServiceItem
from sunlight.fields import EncryptedTextField
from sunlight.orgs.models import Org


class SigningKey(models.Model):
    """A public key that has signed certificates; kept forever so old certificates verify after rotation."""

    key_id = models.CharField(_("密钥标识"), max_length=32, unique=True)
    algorithm = models.CharField(_("算法"), max_length=32)
    public_key = models.TextField(_("公钥（PEM）"))
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("证照签名公钥")
        verbose_name_plural = _("证照签名公钥")

    def __str__(self) -> str:
        return f"{self.algorithm} {self.key_id}"


class Certificate(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("有效")
        REVOKED = "revoked", _("已撤销")
        SUPERSEDED = "superseded", _("已换发")

    class State(models.TextChoices):
        """What the public sees: the status, with a valid certificate past its validity shown as expired."""

        VALID = "valid", _("有效")
        REVOKED = "revoked", _("已撤销")
        EXPIRED = "expired", _("已过期")
        SUPERSEDED = "superseded", _("已换发")

    number = models.CharField(_("证照编号"), max_length=40, unique=True)
    name = models.CharField(_("证照名称"), max_length=100)
    item = models.ForeignKey(
        ServiceItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("事项"),
    )
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("发证机关"))
    holder_name = models.CharField(_("持证主体"), max_length=200)
    holder_id_number = EncryptedTextField(_("持证主体证件号码"), purpose="certificates.holder_id_number")
    holder_id_index = models.CharField(_("证件号码索引"), max_length=64, db_index=True)
    holder_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
        verbose_name=_("持证用户"),
    )
    scope = models.TextField(_("许可范围"))
    valid_from = models.DateField(_("有效期自"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True, help_text=_("空表示长期有效"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.VALID)
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    revoke_reason = models.TextField(_("撤销理由"), blank=True)
    renewed_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="renewals", verbose_name=_("换发自")
    )
    source_ref = models.CharField(_("来源办件编号"), max_length=64, blank=True)
    payload = models.JSONField(_("签名数据"))
    algorithm = models.CharField(_("签名算法"), max_length=32)
    key_id = models.CharField(_("密钥标识"), max_length=32)
    signature = models.TextField(_("签名（Base64）"))
    issued_at = models.DateTimeField(_("发证时间"), default=timezone.now)

    class Meta:
        verbose_name = _("电子证照")
        verbose_name_plural = _("电子证照")
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} {self.number}"

    def state_on(self, day) -> str:
        if self.status != self.Status.VALID:
            return self.status
        if self.valid_until is not None and self.valid_until < day:
            return self.State.EXPIRED
        return self.State.VALID

    @property
    def state(self) -> str:
        return self.state_on(timezone.localdate())

    @property
    def state_label(self) -> str:
        return str(self.State(self.state).label)
