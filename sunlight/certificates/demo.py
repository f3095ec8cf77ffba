"""Demo certificates: 食品经营许可证 issued by the market regulator, one revoked, one expired, one renewed."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from sunlight.catalog.models import ServiceItem
from sunlight.orgs.models import Membership, Role

from .actions import issue_certificate, renew_certificate, revoke_certificate
from .models import Certificate

HOLDERS = [
    ("云川市青溪区好味餐饮店", "92990102MA01ABCD1X", "预包装食品（含冷藏冷冻食品）销售；热食类食品制售"),
    ("云川市湖畔便利店有限公司", "91990103MA02EFGH3Y", "预包装食品（含冷藏冷冻食品）销售；散装食品销售"),
    ("林晓雨", "110105199001010020", "热食类食品制售"),
    ("云川市晨光烘焙坊", "92990102MA03JKLM5Z", "糕点类食品制售（含裱花蛋糕）"),
    ("云川市云湖茶饮店", "92990103MA04NPQR7W", "自制饮品制售"),
]


def _issuer():
    item = ServiceItem.objects.filter(name__contains="食品经营许可").select_related("org").order_by("pk").first()
    User = get_user_model()
    approver = User.objects.filter(username="ma.jun").first()
    if item is None or approver is None:
        return None, None, None
    Membership.objects.get_or_create(user=approver, org=item.org, role=Role.APPROVER)
    approver.__dict__.pop("_sunlight_memberships", None)
    return item, item.org, approver


def build_certificates(count: int = 4) -> int:
    """Issue up to `count` demo certificates (a rerun adds none); the 2nd is revoked, the 3rd has expired."""
    item, org, approver = _issuer()
    if item is None or Certificate.objects.filter(source_ref__startswith="DEMO-").exists():
        return 0
    citizen = get_user_model().objects.filter(username="lin.xiaoyu").first()
    today = timezone.localdate()
    made = 0
    for n, (holder, id_number, scope) in enumerate(HOLDERS[: max(count, 0)]):
        expired = n == 2
        start = today - timedelta(days=6 * 365 if expired else 30 * (n + 1))
        cert = issue_certificate(
            org=org,
            name="食品经营许可证",
            holder_name=holder,
            holder_id_number=id_number,
            scope=scope,
            valid_from=start,
            valid_until=start + timedelta(days=5 * 365 - 1),
            by=approver,
            item=item,
            holder_user=citizen if n == 2 or n == 0 else None,
            source_ref=f"DEMO-{n + 1:03d}",
        )
        made += 1
        if n == 1:
            revoke_certificate(cert, by=approver, reason="经营场所已注销，依法撤销许可。")
        if n == 3:
            renew_certificate(
                cert, by=approver, valid_until=today + timedelta(days=5 * 365), reason="变更经营场所后换发。"
            )
            made += 1
    return made
