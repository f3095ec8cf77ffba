"""Security-relevant acts go into the same chain as statutory ones: logins, failures, denials, exports."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver

from .log import client_ip, record


def record_denied(request, exc: PermissionDenied) -> None:
    """Log a refusal. Called by the front doors after the refused action's transaction rolled back."""
    user = getattr(request, "user", None)
    record(
        "security.permission_denied",
        actor=user if getattr(user, "is_authenticated", False) else None,
        data={"path": request.path[:300], "method": request.method, "message": str(exc)[:300]},
        ip=client_ip(request),
    )


def record_export(request, what: str, count: int | None = None, org=None) -> None:
    record(
        "security.export",
        actor=request.user,
        org=org,
        data={"what": what, "count": count, "path": request.path[:300]},
        ip=client_ip(request),
    )


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs) -> None:
    record("security.login", actor=user, ip=client_ip(request))


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        record("security.logout", actor=user, ip=client_ip(request))


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    # Only the username is kept: never the password that was tried.
    record(
        "security.login_failed",
        actor=str(credentials.get("username", ""))[:150],
        ip=client_ip(request),
    )


class PermissionDeniedLogMiddleware:
    """Logs PermissionDenied raised by web views (the API logs its own in its exception handler)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            record_denied(request, exception)
        return None
