"""Django settings for one Jokko national node.

Everything a node operator may change comes from environment variables prefixed `JOKKO_`, so
the same code runs the demo (embedded SQLite), the test suite and production (PostgreSQL).
Each value says why it is what it is.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent.parent

# Where a node keeps its files: the SQLite database, the field-encryption key, exports.
DATA_DIR = Path(os.environ.get("JOKKO_DATA_DIR", REPO_DIR / "var")).resolve()

# ISO 3166-1 alpha-2 of the country this node serves. A node holds one country's data.
NODE_COUNTRY = os.environ.get("JOKKO_NODE_COUNTRY", "SN").upper()

DEBUG = os.environ.get("JOKKO_DEBUG", "0") == "1"

# Production mode (`JOKKO_PRODUCTION=1`): HTTPS-only cookies, HSTS, redirect to HTTPS, and a
# refusal to start with the demo key. Off for the demo and the tests, which run on plain HTTP.
PRODUCTION = os.environ.get("JOKKO_PRODUCTION", "0") == "1"

# The demo and tests use a fixed insecure key; production must set JOKKO_SECRET_KEY.
DEMO_SECRET_KEY = "insecure-demo-key-do-not-use-in-production"  # noqa: S105 (the known demo key)
SECRET_KEY = os.environ.get("JOKKO_SECRET_KEY", DEMO_SECRET_KEY)
if PRODUCTION and (SECRET_KEY == DEMO_SECRET_KEY or len(SECRET_KEY) < 50):
    from django.core.exceptions import ImproperlyConfigured

    # Sessions, CSRF tokens and password-reset links are signed with this key: a public key
    # lets anyone forge a session. 50 characters is Django's own minimum for a strong key.
    raise ImproperlyConfigured(
        "JOKKO_PRODUCTION=1 needs JOKKO_SECRET_KEY: at least 50 random characters, not the demo"
        " key (python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"
    )
if PRODUCTION and DEBUG:
    from django.core.exceptions import ImproperlyConfigured

    # DEBUG pages show settings, SQL and local variables (survivors' names among them).
    raise ImproperlyConfigured("JOKKO_PRODUCTION=1 and JOKKO_DEBUG=1 cannot be combined")

ALLOWED_HOSTS = os.environ.get("JOKKO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

# The field-encryption key lives in a file outside the database, so a stolen database dump
# (or backup) does not reveal survivors' names. Operators keep this file on separate media.
FIELD_KEY_FILE = Path(os.environ.get("JOKKO_KEY_FILE", DATA_DIR / "keys" / "field.key"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Login throttling and lockout, counted in the database (see "Security" below).
    "axes",
    "jokko.accounts",
    "jokko.audit",
    "jokko.security",
    "jokko.people",
    "jokko.cases",
    "jokko.federation",
    "jokko.bulletins",
    "jokko.crosslink",
    "jokko.dedup",
    "jokko.incidents",
    "jokko.investigations",
    "jokko.prosecutions",
    "jokko.cooperation",
    "jokko.justice",
    "jokko.trainings",
    "jokko.actionplans",
    "jokko.campaigns",
    "jokko.community",
    "jokko.programmes",
    "jokko.htcds",
    "jokko.releases",
    "jokko.odk",
    "jokko.spreadsheets",
    "jokko.analytics",
    "jokko.dashboards",
    "jokko.maps",
    "jokko.networks",
    "jokko.reports",
    "jokko.web",
    "jokko.api",
    "jokko.demo",
    "jokko.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response (django-csp), then the headers Django lacks.
    "csp.middleware.CSPMiddleware",
    "jokko.security.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jokko.web.middleware.NodeLanguageFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A NUL character in any parameter is refused with a message (PostgreSQL cannot store it).
    "jokko.web.middleware.RefuseNulCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Idle and absolute session expiry, then the second factor, then the login lockout page.
    "jokko.security.middleware.SessionExpiryMiddleware",
    "jokko.accounts.twofactor.TwoFactorEnrolmentMiddleware",
    "axes.middleware.AxesMiddleware",
    "jokko.web.middleware.AccessErrorsMiddleware",
    # A full disk or read-only database answers 503 with a clear message, not a bare 500.
    "jokko.ops.middleware.StorageFaultMiddleware",
]

ROOT_URLCONF = "jokko.urls"
WSGI_APPLICATION = "jokko.wsgi.application"

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
                "jokko.web.context_processors.node",
            ],
        },
    },
]


def database_from_url(url: str) -> dict[str, object]:
    """Turn `sqlite:///path` or `postgresql://user:pass@host:port/db` into a DATABASES entry.

    One variable (`JOKKO_DATABASE_URL`) picks the database, so CI can run the same suite on
    SQLite and PostgreSQL without another settings file.
    """
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = unquote(parsed.path)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path[1:] if path.startswith("//") else path,
            # IMMEDIATE: a write transaction takes the lock at BEGIN, so concurrent writers
            # queue instead of failing half-way; the audit hash chain relies on this order.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            "TEST": {"NAME": None},
        }
    if parsed.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            # Reuse connections for 60 s: cheap on a small server, avoids a TCP+auth per request.
            "CONN_MAX_AGE": 60,
        }
    raise ValueError(f"JOKKO_DATABASE_URL: unsupported scheme {parsed.scheme!r}")


DATABASES = {
    "default": database_from_url(
        os.environ.get("JOKKO_DATABASE_URL", f"sqlite:///{DATA_DIR / 'jokko.sqlite3'}")
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after 8 hours (a working day) and when the browser closes: shared office PCs.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# --- Security -------------------------------------------------------------------------------
# Absolute session lifetime in seconds, counted from the login whatever the activity: a stolen
# session cookie is useless after one working day (jokko.security.middleware enforces it, since
# Django's own expiry restarts whenever the session is written).
JOKKO_SESSION_ABSOLUTE_SECONDS = int(os.environ.get("JOKKO_SESSION_ABSOLUTE_SECONDS", 8 * 60 * 60))
# Idle timeout in seconds: a PC left unlocked in a shared office logs itself out after 30 min.
JOKKO_SESSION_IDLE_SECONDS = int(os.environ.get("JOKKO_SESSION_IDLE_SECONDS", 30 * 60))

# Two-factor (TOTP) for the roles that see identities or administer the node. Optional per
# user by default; `JOKKO_REQUIRE_2FA=1` makes it mandatory for these roles (the demo keeps it
# optional so its printed logins work with a password alone).
JOKKO_2FA_ROLES = ("coordinator", "node_admin", "investigator", "prosecutor")
JOKKO_REQUIRE_2FA = os.environ.get("JOKKO_REQUIRE_2FA", "0") == "1"

# Login throttling (django-axes, counted in the database so every server process sees the same
# count): 5 failed passwords for one username from one address lock that pair out for 30 min.
# Counting username+address together means an attacker cannot lock a colleague out from
# elsewhere, and a shared office address does not lock out everyone behind it.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed attempts (a count) before the lock: enough for typos and a forgotten Caps Lock.
AXES_FAILURE_LIMIT = 5
# 30 minutes: failures older than this are forgotten, and a lock lifts after it.
AXES_COOLOFF_TIME = timedelta(minutes=30)
# What is locked: the pair (username, client address), see above.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# A correct password clears the pair's failures: the test suite and the demo log in many times.
AXES_RESET_ON_SUCCESS = True
# The lockout page is the login page with a translated message (HTTP 429 Too Many Requests).
AXES_LOCKOUT_CALLABLE = "jokko.security.lockout.locked_out_response"
# Behind the production reverse proxy the client's address is the last X-Forwarded-For hop.
AXES_CLIENT_IP_CALLABLE = "jokko.security.lockout.client_ip"
# Successful logins are already in the web server log; do not keep a second copy per login.
AXES_DISABLE_ACCESS_LOG = True
# Passwords and second-factor codes are masked in the attempt log's copy of the form.
AXES_SENSITIVE_PARAMETERS = ["password", "code", "recovery_code"]

# Content-Security-Policy (django-csp): nothing is loaded from another origin, no inline script,
# no eval. Pages put their code in static files and their data in json_script blocks.
# Styles: stylesheets from the node only, no <style> block (the public report form's one block
# carries a per-response nonce). Style *attributes* are allowed by style-src-attr because
# ECharts writes its tooltips as HTML with style="" markers; an attribute styles only its own
# element (no selectors, so no CSS exfiltration of page text) and url() in it can only reach
# this origin (img-src). Templates still carry no style attribute (tests/security checks).
CONTENT_SECURITY_POLICY: dict[str, dict[str, list[str] | bool]] = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        # data: for the empty favicon and images that charts export; blob: for chart downloads.
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
# Browser features no Jokko page uses are switched off for every page (and any injected code).
JOKKO_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), payment=(), usb=()"
)
# Other origins may not embed our responses (images, JSON) in their pages.
JOKKO_CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
# No Referer to other sites: URLs carry case and person numbers.
SECURE_REFERRER_POLICY = "same-origin"
# A page opened from ours (a link in a bulletin) cannot reach back into our window.
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Browsers must trust our Content-Type: an uploaded file is never run as a script or page.
SECURE_CONTENT_TYPE_NOSNIFF = True
# No framing at all (clickjacking), for browsers that predate CSP frame-ancestors.
X_FRAME_OPTIONS = "DENY"
# No page script reads the CSRF cookie (htmx gets the token from the page), so hide it from JS.
CSRF_COOKIE_HTTPONLY = True
# Cookies are not sent on requests started by other sites (the form posts all come from us).
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

if PRODUCTION:
    # Behind a TLS-terminating reverse proxy (nginx, Caddy) that sets X-Forwarded-Proto and
    # strips it from clients; without that header every request would look like plain HTTP.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Any plain-HTTP request is answered with a redirect to HTTPS (301).
    SECURE_SSL_REDIRECT = True
    # One year in seconds: browsers then refuse plain HTTP to the node even on a hostile
    # network (hotel or cyber-café Wi-Fi). Preload only takes effect once the operator
    # submits the domain to hstspreload.org; the header alone commits to nothing else.
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Session and CSRF cookies never travel over plain HTTP.
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The public origin(s) of the node, e.g. https://jokko.example.sn, for CSRF checks on POST.
    CSRF_TRUSTED_ORIGINS = [
        origin for origin in os.environ.get("JOKKO_CSRF_TRUSTED_ORIGINS", "").split(",") if origin
    ]
    # Browsers upgrade any stray http:// sub-request to https.
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True

# French first: most of the region's administrations work in French; English and Arabic follow.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Off: the node's language wins over the browser's until the user picks one (web/middleware.py).
JOKKO_USE_BROWSER_LANGUAGE = os.environ.get("JOKKO_USE_BROWSER_LANGUAGE", "0") == "1"
TIME_ZONE = "Africa/Dakar"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it even when unused
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve straight from the app directories in the demo and tests: no collectstatic step needed.
WHITENOISE_USE_FINDERS = True

# A survivor's photo is small: 2 MiB is ample for a phone picture and bounds memory per request.
JOKKO_MAX_PHOTO_BYTES = 2 * 1024 * 1024
# Form posts larger than this are refused before parsing (photos go through FILE_UPLOAD limits).
DATA_UPLOAD_MAX_MEMORY_SIZE = 3 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 3 * 1024 * 1024

# A referral not answered within this many days shows as overdue when no due date is given.
JOKKO_DEFAULT_REFERRAL_DAYS = 7

# Fuzzy search keeps candidates whose name similarity (0..1) is at least this. 0.8 keeps
# transliteration variants (Mamadou/Mamadu: 0.95) and drops different names (Moussa/Mamadou: 0.6).
JOKKO_FUZZY_THRESHOLD = 0.8

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"jokko": {"handlers": ["console"], "level": "INFO"}},
}
