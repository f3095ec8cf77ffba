"""The one settings module. Everything that differs between machines comes from the environment.

See docs/configuration.md for the reference of every variable read here.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def env(name: str, default: str | None = None) -> str | None:
    """Read NAME, or the contents of the file named by NAME_FILE (for container secrets)."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = env(name)
    return int(value) if value not in (None, "") else default


DATA_DIR = Path(env("SUNLIGHT_DATA_DIR", str(Path.cwd() / "var")))
DEBUG = env_bool("DEBUG", False)
LOCAL_SECRET_KEY_FILE = (
    DATA_DIR / "secret_key"
)  # the generated key when SECRET_KEY is not set (backed up by `sunlight backup`)


def _local_secret_key() -> str:
    """Embedded installs keep a random key in the data dir, so no two installs share one."""
    import secrets

    key_file = LOCAL_SECRET_KEY_FILE
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = env("SECRET_KEY") or _local_secret_key()
# Personal data at rest (SM4-GCM) and its look-up hashes: keys of their own, from the environment or the key
# file the first start writes into the data folder (never derived from SECRET_KEY once that file exists, so
# rotating SECRET_KEY leaves personal data readable). See docs/configuration.md, "Personal data encryption (SM4)".
from sunlight.crypto import FIELD_KEY_FILE_NAME, field_key_settings  # noqa: E402

FIELD_KEY_FILE = DATA_DIR / FIELD_KEY_FILE_NAME
FIELD_ENCRYPTION_KEYS, FIELD_INDEX_KEY, FIELD_KEY_SOURCE = field_key_settings(
    env("FIELD_ENCRYPTION_KEY"), env("FIELD_ENCRYPTION_OLD_KEYS"), env("FIELD_INDEX_KEY"), FIELD_KEY_FILE, SECRET_KEY
)
ALLOWED_HOSTS = [
    h.strip() for h in (env("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver") or "").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in (env("CSRF_TRUSTED_ORIGINS", "") or "").split(",") if o.strip()]
SITE_NAME = env("SITE_NAME", "阳光政务平台")
# 电子证照: the PEM private key that signs certificates (SM2, or ECDSA P-256). Unset: a key is generated once into
# the data folder (demo, tests, development). See docs/certificates.md and docs/configuration.md.
CERTIFICATE_SIGNING_KEY_FILE = env("CERTIFICATE_SIGNING_KEY_FILE") or None
CERTIFICATE_SIGNING_ALGORITHM = env("CERTIFICATE_SIGNING_ALGORITHM", "SM2-SM3")

INSTALLED_APPS = [
    # The admin's default site asks for the staff second factor too (sunlight/accounts/admin_site.py).
    "sunlight.accounts.admin_site.SunlightAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "ninja",  # the API docs page renders from ninja's own static files (no CDN)
    "csp",
    "huey.contrib.djhuey",
    "django_tasks",
    "sunlight.accounts",
    "sunlight.orgs",
    "sunlight.clock",
    "sunlight.events",
    "sunlight.notify",
    "sunlight.throttle",
    "sunlight.search",
    "sunlight.disclosure",
    "sunlight.requests",
    "sunlight.idempotency",
    "sunlight.reports",
    "sunlight.catalog",
    "sunlight.certificates",
    "sunlight.hall",
    "sunlight.cases",
    "sunlight.ratings",
    "sunlight.projects",
    "sunlight.supervision",
    "sunlight.complaints",
    "sunlight.letters",
    "sunlight.consultations",
    "sunlight.democracy",
    "sunlight.georeport",
    "sunlight.attention",
    "sunlight.monthly",
    "sunlight.portal",
    "sunlight.workbench",
    "sunlight.demo",
    "sunlight.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sunlight.middleware.reject_nul_bytes",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sunlight.accounts.middleware.SessionExpiryMiddleware",
    "sunlight.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "sunlight.events.security.PermissionDeniedLogMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sunlight.urls"
WSGI_APPLICATION = "sunlight.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sunlight.portal.context.site",
            ],
        },
    },
]

# --- Database: SQLite file by default, PostgreSQL (or anything dj-database-url reads) from DATABASE_URL.
DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'sunlight.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE makes every transaction take the write lock up front, so two writers never
    # read the same event-chain head; WAL lets readers go on while one writer works.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # A bigger page cache per connection (default 2 MB): bulk writes touch a dozen indexes
        # and the full-text index; 64 MB made imports about 1.7x faster on the write side.
        "init_command": f"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-{env_int('SQLITE_CACHE_MB', 64) * 1024};",
    }
    DATABASES["default"].setdefault("TEST", {})["NAME"] = env("SUNLIGHT_TEST_SQLITE") or None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and background work: Redis when REDIS_URL is set, else local memory + SQLite queue.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    HUEY = {
        "name": env("HUEY_QUEUE_NAME", "sunlight"),
        "huey_class": "huey.RedisHuey",
        "url": REDIS_URL,
        "immediate": env_bool("HUEY_IMMEDIATE", False),
        "consumer": {"workers": env_int("HUEY_WORKERS", 2), "worker_type": "thread"},
        "utc": False,  # periodic jobs on the clock of TIME_ZONE (Django sets the process's TZ): 01:05 means Beijing time
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    HUEY = {
        "name": "sunlight",
        "huey_class": "huey.SqliteHuey",
        "filename": str(DATA_DIR / "huey.sqlite3"),
        "immediate": env_bool("HUEY_IMMEDIATE", False),
        "consumer": {"workers": env_int("HUEY_WORKERS", 2), "worker_type": "thread"},
        "utc": False,  # periodic jobs on the clock of TIME_ZONE (Django sets the process's TZ): 01:05 means Beijing time
    }
# Rate limits (query codes, submissions): counted where every process sees them. "database" (a row per key
# and window, the default without Redis) or "cache" (the default with REDIS_URL; never a per-process locmem).
RATE_LIMIT_STORE = env("RATE_LIMIT_STORE", "cache" if REDIS_URL else "database")
TASKS = {
    "default": {
        "BACKEND": "huey.contrib.djhuey.tasks_backend.HueyBackend",
        "ENQUEUE_ON_COMMIT": True,
    }
}

# --- Authentication, lockout (django-axes), sessions.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Single sign-on through the province's identity platform; answers nothing unless OIDC_ENABLED.
    "sunlight.accounts.sso.ProviderBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "workbench:login"
LOGIN_REDIRECT_URL = "workbench:home"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_VERBOSE = False
# Idle timeout: the session ends this many minutes after the last request.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# HSTS is sent on HTTPS responses only; a year by default once cookies are Secure (the site is HTTPS-only then).
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 365 * 24 * 3600 if SESSION_COOKIE_SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
OTP_TOTP_ISSUER = SITE_NAME
# Second factor (TOTP) at the staff doors (workbench, /admin/, staff API with a session). An account with a confirmed
# device always gives its code; these make a device compulsory (enrolment is then the only page open to it).
STAFF_REQUIRE_TOTP = env_bool("STAFF_REQUIRE_TOTP", False)  # every staff account
ADMIN_REQUIRE_TOTP = env_bool("ADMIN_REQUIRE_TOTP", True)  # superusers, is_staff and admin-role holders

# Single sign-on (统一身份认证) as an OpenID Connect client (mozilla-django-oidc); off unless configured. Password
# login stays. The endpoints come from the issuer's discovery document unless given one by one.
OIDC_ENABLED = env_bool("OIDC_ENABLED", False)
OIDC_ISSUER = (env("OIDC_ISSUER", "") or "").rstrip("/")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", "openid profile")
OIDC_USE_PKCE = env_bool("OIDC_USE_PKCE", True)
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT_SECONDS", 10)
OIDC_PROVIDER_NAME = env("OIDC_PROVIDER_NAME", "")  # shown on the sign-in button's page, e.g. "示范省政务服务网"
OIDC_CLAIM_ID_NUMBER = env("OIDC_CLAIM_ID_NUMBER", "id_card_number")
OIDC_CLAIM_NAME = env("OIDC_CLAIM_NAME", "name")
OIDC_CLAIM_KIND = env("OIDC_CLAIM_KIND", "user_type")
# Values of the kind claim that mean a legal person (法人); any other value is a natural person (自然人).
OIDC_LEGAL_PERSON_KINDS = [
    v.strip()
    for v in (env("OIDC_LEGAL_PERSON_KINDS", "legal_person,company,corporation,2") or "").split(",")
    if v.strip()
]
# A claim that says the identity is real-name verified (empty: everything the platform asserts is verified).
OIDC_CLAIM_VERIFIED = env("OIDC_CLAIM_VERIFIED", "")
OIDC_CALLBACK_CLASS = "sunlight.accounts.sso.CallbackView"
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso_callback"

# --- Language and time. Chinese first; English through the same catalogs.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# Channels a notice to a person can travel by (sunlight.notify.channels): name → class with `name` and `deliver`.
# E-mail of notices: SMTP when EMAIL_HOST is set; otherwise each message is written as a file under
# SUNLIGHT_DATA_DIR/mail (the demo and a fresh install send nothing out and lose nothing).
EMAIL_HOST = env("EMAIL_HOST", "") or ""
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "") or ""
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "noreply@localhost") or "noreply@localhost"
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = DATA_DIR / "mail"
NOTIFY_CHANNELS = {
    "inapp": "sunlight.notify.channels.InApp",
    "email": "sunlight.notify.channels.Email",
    "sms": env("NOTIFY_SMS_CHANNEL", "sunlight.notify.channels.LoggingSms"),
}
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Static files, served by whitenoise in every deployment.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(DATA_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Also serve straight from the apps' static folders, so a checkout works before collectstatic.
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "/media/"

# --- Sunlight's own settings.
SEARCH_BACKEND = env("SEARCH_BACKEND", "auto")
# "tantivy": rank and count with a top-k engine, one copy per web host, kept in step through the search outbox
# (docs/decisions/0016-search-engine.md). Empty: the database's own full-text index answers (FTS5 / GIN).
SEARCH_ENGINE = env("SEARCH_ENGINE", "")
SEARCH_ENGINE_DIR = env("SEARCH_ENGINE_DIR", "")  # default: <SUNLIGHT_DATA_DIR>/search-engine
SEARCH_ENGINE_HEAP_MB = env_int("SEARCH_ENGINE_HEAP_MB", 256)
SEARCH_ENGINE_THREADS = env_int("SEARCH_ENGINE_THREADS", 1)
# More outbox rows than this waiting: readers ask the database instead of merging them (until the worker syncs).
SEARCH_ENGINE_TAIL_MAX = env_int("SEARCH_ENGINE_TAIL_MAX", 500)
# More than this waiting at a sync: build a new copy rather than apply them one by one.
SEARCH_ENGINE_SYNC_MAX = env_int("SEARCH_ENGINE_SYNC_MAX", 200_000)
SEARCH_OUTBOX_DAYS = env_int("SEARCH_OUTBOX_DAYS", 7)
SEARCH_ENGINE_FOLLOW_SECONDS = env_int("SEARCH_ENGINE_FOLLOW_SECONDS", 5)
SEARCH_ENGINE_MAX_SEGMENTS = env_int("SEARCH_ENGINE_MAX_SEGMENTS", 64)
# How often (seconds) a process re-reads the calendar revision to pick up edits made elsewhere.
CALENDAR_RECHECK_SECONDS = env_int("CALENDAR_RECHECK_SECONDS", 5)
# From this day of December on, admins are warned when next year's calendar is not loaded.
CALENDAR_WARN_FROM = (12, 1)
# The worker writes a heartbeat this often; /healthz calls it stale after three missed beats.
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 60)
API_TOKEN_DEFAULT_DAYS = env_int("API_TOKEN_DEFAULT_DAYS", 365)
# 索引号 period: "year" → front/2025-00001, "month" → front/202503-00001 (some localities).
DISCLOSURE_INDEX_PERIOD = env("DISCLOSURE_INDEX_PERIOD", "year")
DISCLOSURE_ATTACHMENT_MAX_BYTES = env_int("DISCLOSURE_ATTACHMENT_MAX_MB", 50) * 1024 * 1024
# Art. 26: proactive information is published within this many working days of its creation.
DISCLOSURE_PUBLISH_LIMIT_DAYS = env_int("DISCLOSURE_PUBLISH_LIMIT_DAYS", 20)
# Catalog (GB/T 39554.1) item codes, (local): the implementation code's parts and widths, in order, as
# "part:width,…" (parts: basic, level, region, credit, serial), and the 2-letter type codes that differ from the
# common table (e.g. "filing:XB" where 行政备案 has another code).
CATALOG_IMPLEMENTATION_CODE = tuple(
    (part, int(width))
    for part, _sep, width in (
        p.partition(":")
        for p in (env("CATALOG_IMPLEMENTATION_CODE", "basic:10,level:1,region:6,credit:18,serial:3") or "").split(",")
    )
)
# 网上办事大厅 (docs/configuration.md): uploads accepted with an application, and whether applying needs a real name.
CASES_UPLOAD_MAX_MB = env_int("CASES_UPLOAD_MAX_MB", 20)
CASES_UPLOAD_TYPES = tuple((env("CASES_UPLOAD_TYPES", "pdf,jpg,jpeg,png,ofd") or "").split(","))
CASES_REAL_NAME_REQUIRED = env_bool("CASES_REAL_NAME_REQUIRED", True)
# 好差评: working days the org's heads have to rectify after a 差评 (local practice: 5 to 15).
RATINGS_RECTIFY_DAYS = env_int("RATINGS_RECTIFY_DAYS", 5)
# 效能投诉: working days the supervising org has to investigate and conclude an efficiency complaint.
COMPLAINTS_LIMIT_DAYS = env_int("COMPLAINTS_LIMIT_DAYS", 10)
# 领导信箱 / 12345 (local practice, docs/letters.md): working days to answer each type, counted from acceptance;
# working days to accept; the national 3-month rule as an alarm at N natural days and the line none may pass.
LETTERS_LIMIT_DAYS = {
    t: int(d)
    for t, d in (
        p.split(":", 1)
        for p in (env("LETTERS_LIMIT_DAYS", "consult:5,suggest:5,help:5,complain:15,report:15") or "").split(",")
        if ":" in p
    )
}
LETTERS_ACCEPT_DAYS = env_int("LETTERS_ACCEPT_DAYS", 2)
LETTERS_ALARM_DAYS = env_int("LETTERS_ALARM_DAYS", 60)
LETTERS_MAX_DAYS = env_int("LETTERS_MAX_DAYS", 90)
LETTERS_EXTENSION_MAX_DAYS = env_int("LETTERS_EXTENSION_MAX_DAYS", 15)
LETTERS_REOPEN_DAYS = env_int("LETTERS_REOPEN_DAYS", 15)
LETTERS_CONTENT_MAX = env_int("LETTERS_CONTENT_MAX", 5000)
# 基层民主: when a village vote passes — the first option (同意) has more than half of the votes cast
# ("majority_of_votes") or of the village's registered residents ("majority_of_residents"); local rules differ.
DEMOCRACY_PASS_RULE = env("DEMOCRACY_PASS_RULE", "majority_of_votes")
CATALOG_KIND_CODES = dict(p.split(":", 1) for p in (env("CATALOG_KIND_CODES", "") or "").split(",") if ":" in p)
# Processes preparing rows in a bulk import (0: one per CPU).
IMPORT_WORKERS = env_int("IMPORT_WORKERS", 0)
# Whose admins edit the shared settings (calendar, taxonomies, word lists, law tables): an org's credit code or id;
# empty = the root government of the tree. Other admins may only propose changes (sunlight.orgs.shared).
SHARED_SETTINGS_ORG = env("SHARED_SETTINGS_ORG", "")
# How applicants pay the information processing fee (the local non-tax revenue channel); printed on fee notices.
REQUESTS_FEE_HOW_TO_PAY = env("REQUESTS_FEE_HOW_TO_PAY", "")
# A reply to a request is a draft until a reviewer (审批人/审核人/管理员) of the agency signs it off in their own session.
REQUESTS_REPLY_SIGNOFF = env_bool("REQUESTS_REPLY_SIGNOFF", False)
# 服务大厅: how many open (booked or checked-in) appointments one person may hold at once, and how many no-shows in the
# last 90 days stop a person from booking again.
HALL_MAX_OPEN_APPOINTMENTS = env_int("HALL_MAX_OPEN_APPOINTMENTS", 3)
HALL_NO_SHOW_LIMIT = env_int("HALL_NO_SHOW_LIMIT", 3)

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp) on every response: no inline script or style, nothing from other hosts.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    "loggers": {"huey": {"handlers": ["console"], "level": env("HUEY_LOG_LEVEL", "INFO"), "propagate": False}},
}

APP_NAME = _("阳光政务平台")
