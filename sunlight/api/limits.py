"""Rate limits of the public API's writing and lookup endpoints, per client address."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext

from sunlight.errors import RateLimited
from sunlight.events.log import client_ip
from sunlight.query_codes import check_rate


def limit_per_ip(request: HttpRequest, what: str, limit: int, window: int) -> None:
    """Refuse (429) the `limit`+1st call of `what` from one address within `window` seconds."""
    if not check_rate(f"api-{what}:{client_ip(request) or 'unknown'}", limit=limit, window_seconds=window):
        raise RateLimited(gettext("操作过于频繁，请稍后再试。"))
