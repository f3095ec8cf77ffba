"""{% load sso %}{% sso_start_url "staff" as sso_url %}: where the sign-in pages send a person to the province's
identity platform (with the page's `next`), or "" when single sign-on is not configured."""

from django import template
from django.urls import reverse
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag(takes_context=True)
def sso_start_url(context, door: str = "public") -> str:
    from sunlight.accounts.sso import enabled

    if not enabled():
        return ""
    request = context.get("request")
    params = {"door": "staff"} if door == "staff" else {}
    next_url = context.get("next") or (request.GET.get("next") if request is not None else "")
    if next_url:
        params["next"] = next_url
    url = reverse("accounts:sso_start")
    return f"{url}?{urlencode(params)}" if params else url
