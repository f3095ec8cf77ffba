"""The closed vocabularies of the catalog: item kinds, units, handling types, online depth, life events.

Type letters of the basic code are a setting (CATALOG_KIND_CODES: they vary by province for 行政备案).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    PERMIT = "permit", _("行政许可")
    PENALTY = "penalty", _("行政处罚")
    COERCION = "coercion", _("行政强制")
    LEVY = "levy", _("行政征收")
    BENEFIT = "benefit", _("行政给付")
    INSPECTION = "inspection", _("行政检查")
    CONFIRMATION = "confirmation", _("行政确认")
    REWARD = "reward", _("行政奖励")
    RULING = "ruling", _("行政裁决")
    OTHER_POWER = "other_power", _("其他行政权力")
    PUBLIC_SERVICE = "public_service", _("公共服务")
    FILING = "filing", _("行政备案")


# The ten kinds of power (权力清单); 公共服务 and 行政备案 are items but not powers.
POWER_KINDS = tuple(k for k in ItemKind.values if k not in ("public_service", "filing"))
# Items a citizen or company applies for (the rest are acts the government starts itself).
APPLIED_KINDS = ("permit", "confirmation", "ruling", "benefit", "reward", "filing", "other_power", "public_service")

DEFAULT_KIND_CODES = {
    "permit": "XK",
    "penalty": "CF",
    "coercion": "QZ",
    "levy": "ZS",
    "benefit": "JF",
    "inspection": "JC",
    "confirmation": "QR",
    "reward": "JL",
    "ruling": "CJ",
    "other_power": "QT",
    "public_service": "GG",
    "filing": "BA",  # (local): varies by province
}


def kind_codes() -> dict[str, str]:
    return {**DEFAULT_KIND_CODES, **getattr(settings, "CATALOG_KIND_CODES", {})}


def kind_of_code(letters: str) -> str | None:
    return {v: k for k, v in kind_codes().items()}.get(letters)


class Tier(models.TextChoices):
    MAIN = "main", _("主项")
    SUB = "sub", _("子项")
    BUSINESS = "business", _("业务办理项")


class LimitUnit(models.TextChoices):
    WORKDAYS = "workdays", _("工作日")
    DAYS = "days", _("自然日")


class Handling(models.TextChoices):
    ON_THE_SPOT = "on_the_spot", _("即办件")
    PROMISED = "promised", _("承诺件")


class OnlineDepth(models.IntegerChoices):
    INFORMATION = 1, _("Ⅰ 信息公开")
    PRE_REVIEW = 2, _("Ⅱ 在线预审")
    ONLINE_ACCEPTANCE = 3, _("Ⅲ 在线受理")
    FULLY_ONLINE = 4, _("Ⅳ 全程网办")


class Level(models.TextChoices):
    """事权层级: the level that exercises the item."""

    STATE = "state", _("国家级")
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡级")
    VILLAGE = "village", _("村级")


# One character per level in the implementation code (local: make it a setting when a province differs).
LEVEL_DIGITS = {"state": "1", "province": "2", "city": "3", "county": "4", "township": "5", "village": "6"}


class Operation(models.TextChoices):
    """Catalog operations (国办函〔2016〕108号): every version says which one made it."""

    ADD = "add", _("新增")
    CHANGE = "change", _("变更")
    SPLIT = "split", _("拆分")
    MERGE = "merge", _("合并")
    SUSPEND = "suspend", _("暂停")
    CANCEL = "cancel", _("取消")


class Audience(models.TextChoices):
    PERSON = "person", _("个人办事")
    COMPANY = "company", _("法人办事")


# 主题: life events of a person and the life cycle of a company. (slug, audience, label)
LIFE_EVENTS: tuple[tuple[str, str, str], ...] = (
    ("birth", "person", _("生育收养")),
    ("education", "person", _("教育")),
    ("employment", "person", _("就业创业")),
    ("social_security", "person", _("社会保障")),
    ("marriage", "person", _("婚姻登记")),
    ("housing", "person", _("住房")),
    ("medical", "person", _("医疗卫生")),
    ("household", "person", _("户籍")),
    ("travel", "person", _("交通出行")),
    ("retirement", "person", _("退休养老")),
    ("death", "person", _("身后事")),
    ("establish", "company", _("设立")),
    ("qualify", "company", _("准营")),
    ("operate", "company", _("经营")),
    ("construct", "company", _("工程建设")),
    ("change", "company", _("变更")),
    ("deregister", "company", _("注销")),
)
LIFE_EVENT_LABELS = {slug: label for slug, _aud, label in LIFE_EVENTS}
