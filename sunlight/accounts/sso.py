"""Single sign-on (统一身份认证): the province's identity platform, as an OpenID Connect client.

mozilla-django-oidc does the protocol: the authorization request with state, nonce and PKCE kept in the session,
the code exchange, the ID token's signature (the provider's JWKS), expiry and nonce, and the userinfo call. Here:
the endpoints read from the issuer's discovery document, the ID token's issuer and audience (the library checks
neither), the claims read into a ProviderIdentity, and the doors: a public one (opens citizens' and legal persons'
accounts) and a staff one (finds a linked staff account, never opens one). What the account gets is decided by the
action sunlight.accounts.actions.sign_in_with_provider. Nothing here answers unless settings.OIDC_ENABLED.
"""

from __future__ import annotations

import logging

import jwt
import requests
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from sunlight.errors import SunlightError
from sunlight.events.log import client_ip, record
from sunlight.redirects import safe_next

from .access import is_staff_user
from .middleware import SESSION_MARK

log = logging.getLogger(__name__)

SESSION_KEY = "sunlight_sso"  # {"door": "public" | "staff", "next": path} of the sign-in under way
DISCOVERY_SECONDS = 3600
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


class ProviderUnavailable(Exception):
    """The identity platform could not be reached, or answered something that is not OpenID Connect."""


def enabled() -> bool:
    return bool(
        settings.OIDC_ENABLED
        and settings.OIDC_RP_CLIENT_ID
        and (settings.OIDC_ISSUER or all(getattr(settings, name, "") for name in ENDPOINTS))
    )


def discovery() -> dict:
    """The issuer's /.well-known/openid-configuration, cached for an hour."""
    issuer = settings.OIDC_ISSUER
    key = f"sunlight:oidc-discovery:{issuer}"
    document = cache.get(key)
    if document is None:
        try:
            response = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise ProviderUnavailable(f"discovery failed: {exc}") from exc
        if not isinstance(document, dict) or str(document.get("issuer", "")).rstrip("/") != issuer:
            raise ProviderUnavailable("the discovery document names another issuer")
        cache.set(key, document, DISCOVERY_SECONDS)
    return document


def endpoint(name: str) -> str:
    """An endpoint of the provider: the setting when given, else the discovery document's."""
    explicit = getattr(settings, name, "")
    if explicit:
        return explicit
    if not settings.OIDC_ISSUER:
        raise ProviderUnavailable(f"{name} is not configured")
    value = discovery().get(ENDPOINTS[name])
    if not value:
        raise ProviderUnavailable(f"the discovery document has no {ENDPOINTS[name]}")
    return value


def _settings(attr: str, *args):
    if attr in ENDPOINTS:
        return endpoint(attr)
    return import_from_settings(attr, *args)


def _truthy(value) -> bool:
    return value is True or str(value).strip().lower() in {"1", "true", "yes", "y", "verified", "是"}


def identity_from_claims(claims: dict, issuer: str):
    """The platform's claims read through the configured claim names (OIDC_CLAIM_*)."""
    from .actions import ProviderIdentity

    verified_claim = settings.OIDC_CLAIM_VERIFIED
    real_name = str(claims.get(settings.OIDC_CLAIM_NAME) or "").strip()
    id_number = str(claims.get(settings.OIDC_CLAIM_ID_NUMBER) or "").strip().upper()
    return ProviderIdentity(
        issuer=issuer,
        subject=str(claims.get("sub") or ""),
        real_name=real_name,
        id_number=id_number,
        legal_person=str(claims.get(settings.OIDC_CLAIM_KIND, "")) in settings.OIDC_LEGAL_PERSON_KINDS,
        verified=_truthy(claims.get(verified_claim)) if verified_claim else bool(real_name and id_number),
    )


class ProviderBackend(OIDCAuthenticationBackend):
    """The authentication backend for the platform's callback. Cheap to build (Django builds every backend for
    every sign-in, password ones too): settings and endpoints are read when the callback uses them."""

    def __init__(self, *args, **kwargs):  # the library's reads settings and would raise when SSO is off
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()

    get_settings = staticmethod(_settings)
    get_user = ModelBackend.get_user  # an inactive account's session ends, as with a password

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: endpoint("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: endpoint("OIDC_OP_USER_ENDPOINT"))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: endpoint("OIDC_OP_JWKS_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)
    OIDC_RP_CLIENT_SECRET = property(lambda self: settings.OIDC_RP_CLIENT_SECRET)
    OIDC_RP_SIGN_ALGO = property(lambda self: settings.OIDC_RP_SIGN_ALGO)
    OIDC_RP_IDP_SIGN_KEY = None

    # Permissions are ModelBackend's business (listed before this one); asking twice would only cost time.
    def get_user_permissions(self, user_obj, obj=None):
        return set()

    get_group_permissions = get_all_permissions = get_user_permissions

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False

    def authenticate(self, request, **kwargs):
        if request is None or "nonce" not in kwargs or not enabled():
            return None  # a password sign-in, or SSO switched off
        return super().authenticate(request, **kwargs)

    def retrieve_matching_jwk(self, token):
        """The library's, which needs a `kid` in the token's header; a provider with a single key may leave it out
        (the JWKS then has to hold exactly one key for the token's algorithm)."""
        header = jwt.get_unverified_header(token)
        if header.get("kid"):
            return super().retrieve_matching_jwk(token)
        response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        keys = [
            key
            for key in response.json().get("keys", [])
            if key.get("use", "sig") == "sig" and key.get("alg", header.get("alg")) == header.get("alg")
        ]
        if len(keys) != 1:
            raise SuspiciousOperation("the ID token names no key and the provider has not exactly one")
        return jwt.PyJWK(keys[0])

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)  # signature, expiry, nonce
        issuer = settings.OIDC_ISSUER
        if issuer and str(payload.get("iss", "")).rstrip("/") != issuer:
            raise SuspiciousOperation("the ID token was issued by another issuer")
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("the ID token was issued to another client")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        from .actions import sign_in_with_provider

        claims = self.get_userinfo(access_token, id_token, payload)
        if not isinstance(claims, dict) or claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo is about another subject")
        issuer = str(payload.get("iss") or settings.OIDC_ISSUER).rstrip("/")
        identity = identity_from_claims({**payload, **claims}, issuer)
        door = (self.request.session.get(SESSION_KEY) or {}).get("door")
        return sign_in_with_provider(identity, staff_door=door == "staff", ip=client_ip(self.request))


def problem(request: HttpRequest, message: str, status: int) -> HttpResponse:
    """The page a failed sign-in through the platform ends on: what happened, and the way back."""
    door = (request.session.get(SESSION_KEY) or {}).get("door", "public")
    return render(request, "accounts/sso_problem.html", {"message": message, "door": door}, status=status)


def _record_refusal(request: HttpRequest, exc: SunlightError) -> None:
    """A refused sign-in is on record (the act wrote nothing): the platform's `sub`, for the admin who links."""
    identity = getattr(exc, "identity", None)
    data = {"code": exc.code, "door": (request.session.get(SESSION_KEY) or {}).get("door", "public")}
    if identity is not None:
        data.update(issuer=identity.issuer, subject=identity.subject)
    record("accounts.sso_refused", data=data, ip=client_ip(request))


def _unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
    log.warning("identity platform unavailable: %s", exc)
    return problem(request, gettext("暂时无法连接统一身份认证平台，请稍后再试，或使用账号密码登录。"), 503)


class StartView(OIDCAuthenticationRequestView):
    """GET /accounts/sso/start[?door=staff][&next=…]: off to the platform's sign-in page."""

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # the library's reads the endpoint here; it is read when used instead

    get_settings = staticmethod(_settings)
    OIDC_OP_AUTH_ENDPOINT = property(lambda self: endpoint("OIDC_OP_AUTHORIZATION_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)

    def get(self, request):
        if not enabled():
            raise Http404
        door = "staff" if request.GET.get("door") == "staff" else "public"
        default = "workbench:home" if door == "staff" else "accounts:profile"
        request.session[SESSION_KEY] = {"door": door, "next": safe_next(request, default)}
        try:
            return super().get(request)
        except ProviderUnavailable as exc:
            return _unavailable(request, exc)


class CallbackView(OIDCAuthenticationCallbackView):
    """GET /accounts/sso/callback?code=…&state=…: the library checks the state against the session and signs in
    through ProviderBackend; every way this can fail ends on a page that says so (4xx/503), never a 500."""

    get_settings = staticmethod(_settings)

    def get(self, request):
        if not enabled():
            raise Http404
        try:
            return super().get(request)
        except SunlightError as exc:
            _record_refusal(request, exc)
            return problem(request, exc.message, exc.status)
        except (SuspiciousOperation, jwt.PyJWTError) as exc:
            log.warning("single sign-on refused: %s", exc)
            return problem(request, gettext("登录请求无效或已过期，请重新登录。"), 400)
        except requests.HTTPError as exc:
            if exc.response is not None and 400 <= exc.response.status_code < 500:
                # The platform refused the code (spent, expired, another client's): not an outage.
                log.warning("the identity platform refused the code: %s", exc)
                return problem(request, gettext("登录请求无效或已过期，请重新登录。"), 400)
            return _unavailable(request, exc)
        except (ProviderUnavailable, requests.RequestException, ValueError) as exc:
            return _unavailable(request, exc)

    @property
    def success_url(self) -> str:
        return (self.request.session.get(SESSION_KEY) or {}).get("next") or "/"  # through safe_next at the start

    def login_success(self):
        response = super().login_success()  # signs in; the staff doors still ask for the second factor
        self.request.session.pop(SESSION_KEY, None)
        if is_staff_user(self.user):
            response.set_cookie(
                SESSION_MARK,
                "1",
                max_age=30 * 24 * 3600,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    def login_failure(self):
        if self.request.GET.get("error"):
            message = gettext("统一身份认证平台未完成登录（已取消或被拒绝），请重新登录。")
        else:
            message = gettext("登录请求无效或已过期，请重新登录。")
        return problem(self.request, message, 400)
