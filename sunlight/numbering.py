"""Numbers people quote (办件编号, 投诉编号, 信件编号 …): a prefix, the day, six random digits. One way to make the row
that carries one."""

from __future__ import annotations

import secrets
from datetime import date

from django.db import IntegrityError, transaction


def create_numbered(model, prefix: str, on: date, **fields):
    """Create `model(number=…, **fields)`; on the rare clash of six random digits in a day, take another. Any other
    integrity error (another unique field) is the caller's."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return model.objects.create(number=f"{prefix}{on:%Y%m%d}{secrets.randbelow(10**6):06d}", **fields)
        except IntegrityError as exc:
            if "number" not in str(exc).lower():
                raise
    raise IntegrityError("could not allocate a number")
