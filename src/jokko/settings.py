"""Django settings for one Jokko national node.

Everything a node operator may change comes from environment variables prefixed `JOKKO_`, so
the same code runs the demo (embedded SQLite), the test suite and production (PostgreSQL).
Each value says why it is what it is.
"""

from __future__ import annotations

import os
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

# The demo and tests use a fixed insecure key; production must set JOKKO_SECRET_KEY.
SECRET_KEY = os.environ.get("JOKKO_SECRET_KEY", "insecure-demo-key-do-not-use-in-production")

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
    "jokko.accounts",
    "jokko.audit",
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
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jokko.web.middleware.NodeLanguageFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
