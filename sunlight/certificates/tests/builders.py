"""One way to make the certificates the tests need: through the acts, by an approver of the issuing org."""

from __future__ import annotations

from datetime import date

from sunlight.orgs.models import Role

from ..actions import issue_certificate
from ..models import Certificate

ID_NUMBER = "110105199001010020"


def approver_of(cast, org):
    return cast.add_staff(f"approver{org.pk}", org, Role.APPROVER)


def issued(org, approver, **patch) -> Certificate:
    fields = {
        "org": org,
        "name": "食品经营许可证",
        "holder_name": "云川市青溪区好味餐饮店",
        "holder_id_number": ID_NUMBER,
        "scope": "预包装食品销售；热食类食品制售",
        "valid_from": date(2026, 1, 5),
        "valid_until": date(2031, 1, 4),
        "by": approver,
        "source_ref": "QX-2026-000123",
    }
    fields.update(patch)
    return issue_certificate(**fields)
