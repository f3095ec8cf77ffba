from django.conf import settings

from sunlight import modules
from sunlight.notify.public_cache import ELDER_COOKIE


def _current_module(request) -> str | None:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    # A module's own app namespace (e.g. "disclosure") names it; placeholders carry it as a URL argument.
    return match.kwargs.get("module") if match.namespace == "portal" else match.namespace or None


def site(request):
    elder = request.COOKIES.get(ELDER_COOKIE) == "1"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and getattr(user, "elder_mode", False):
        elder = True
    current = _current_module(request)
    nav = [{"url": m.url, "label": m.label, "current": m.slug == current} for m in modules.portal_entries()]
    return {"SITE_NAME": settings.SITE_NAME, "elder_mode": elder, "portal_nav": nav}
