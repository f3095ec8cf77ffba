"""The administrative tree: regions (行政区划), orgs (机构) under them, windows, staff memberships.

Both trees keep a materialized path so that "everything below X" is one indexed prefix query
on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .codes import region_prefix, validate_credit_code, validate_org_code, validate_region_code


class Region(models.Model):
    class Level(models.IntegerChoices):
        PROVINCE = 1, _("省级")
        CITY = 2, _("地市级")
        COUNTY = 3, _("县区级")
        TOWNSHIP = 4, _("乡镇街道级")
        VILLAGE = 5, _("村社区级")

    code = models.CharField(_("行政区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.PositiveSmallIntegerField(_("层级"), choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    # The code's significant digits: a region's subtree is every code that starts with them.
    prefix = models.CharField(max_length=12, db_index=True, editable=False)

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    def clean(self) -> None:
        if self.parent_id and self.parent.level != self.level - 1:
            raise ValidationError({"parent": _("上级区划必须正好高一级。")})
        if self.level > 1 and not self.parent_id:
            raise ValidationError({"parent": _("非省级区划必须有上级。")})
        validate_region_code(
            self.code,
            self.level,
            self.parent.code if self.parent_id else None,
            self.parent.level if self.parent_id else None,
        )

    def save(self, *args, **kwargs) -> None:
        self.prefix = region_prefix(self.code, self.level)
        super().save(*args, **kwargs)

    def subtree(self) -> models.QuerySet[Region]:
        return Region.objects.filter(prefix__startswith=self.prefix)


class Org(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("人民政府")
        DEPARTMENT = "department", _("工作部门")
        SERVICE_CENTER = "service_center", _("政务服务中心")
        COMMITTEE = "committee", _("村（居）民委员会")
        OTHER = "other", _("其他机构")

    name = models.CharField(_("名称"), max_length=120)
    short_name = models.CharField(_("简称"), max_length=60, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="orgs", verbose_name=_("所在区划"))
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("上级机构")
    )
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, null=True, blank=True, validators=[validate_credit_code]
    )
    org_code = models.CharField(
        _("组织机构代码（旧）"), max_length=9, unique=True, null=True, blank=True, validators=[validate_org_code]
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("电话"), max_length=40, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("有效"), default=True)
    # "/<id>/<id>/…/": ancestors' ids then its own; set by save().
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["path", "sort_order"]

    def __str__(self) -> str:
        return self.name

    @property
    def disclosure_code(self) -> str:
        """The front of every 索引号 this org publishes: its credit code, else its legacy org code."""
        return self.credit_code or self.org_code or ""

    def clean(self) -> None:
        if not (self.credit_code or self.org_code):
            raise ValidationError(_("机构须有统一社会信用代码或组织机构代码。"))
        if self.parent_id and self.pk and f"/{self.pk}/" in self.parent.path:
            raise ValidationError({"parent": _("上级机构不能是自身或其下级。")})

    def save(self, *args, **kwargs) -> None:
        old_path = self.path
        super().save(*args, **kwargs)
        new_path = (self.parent.path if self.parent_id else "/") + f"{self.pk}/"
        if new_path != old_path:
            self.path, self.depth = new_path, new_path.count("/") - 1
            Org.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)
            if old_path:
                self._move_descendants(old_path, new_path)

    def _move_descendants(self, old_path: str, new_path: str) -> None:
        for child in Org.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
            child.path = new_path + child.path[len(old_path) :]
            child.depth = child.path.count("/") - 1
            Org.objects.filter(pk=child.pk).update(path=child.path, depth=child.depth)

    def subtree(self) -> models.QuerySet[Org]:
        return Org.objects.filter(path__startswith=self.path)

    @property
    def path_ids(self) -> list[int]:
        """The ids of the org's lineage from the root down to itself (read from `path`, no query)."""
        return [int(part) for part in self.path.strip("/").split("/") if part]

    def ancestors(self) -> models.QuerySet[Org]:
        return Org.objects.filter(pk__in=self.path_ids[:-1]).order_by("depth")


class Window(models.Model):
    """A service window (窗口) in a service center."""

    center = models.ForeignKey(
        Org, on_delete=models.CASCADE, related_name="windows", limit_choices_to={"kind": Org.Kind.SERVICE_CENTER}
    )
    number = models.CharField(_("窗口号"), max_length=10)
    name = models.CharField(_("窗口名称"), max_length=100)
    is_active = models.BooleanField(_("开放"), default=True)

    class Meta:
        verbose_name = _("窗口")
        verbose_name_plural = _("窗口")
        constraints = [models.UniqueConstraint(fields=["center", "number"], name="unique_window_number_per_center")]

    def __str__(self) -> str:
        return f"{self.center.short_name or self.center.name} {self.number} {self.name}"


class Role(models.TextChoices):
    ADMIN = "admin", _("系统管理员")
    DISCLOSURE_OFFICER = "disclosure_officer", _("信息公开工作人员")
    REVIEWER = "reviewer", _("审核人")
    WINDOW_CLERK = "window_clerk", _("窗口人员")
    HANDLER = "handler", _("承办人")
    APPROVER = "approver", _("审批人")
    SUPERVISOR = "supervisor", _("监察人员")
    LETTERS_OFFICER = "letters_officer", _("信箱工作人员")
    CATALOG_OFFICER = "catalog_officer", _("事项管理人员")


# These roles see (and, for admins, manage) the whole subtree below their org.
SUBTREE_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR})


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("机构"))
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)
    window = models.ForeignKey(Window, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("窗口"))
    is_active = models.BooleanField(_("有效"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")
        constraints = [models.UniqueConstraint(fields=["user", "org", "role"], name="unique_membership_role")]

    def __str__(self) -> str:
        return f"{self.user} · {self.org} · {self.get_role_display()}"
