"""Settings for the climate programme follow-up service.

Everything that differs between a laptop and a production server comes from the
environment; the README lists every variable. Development defaults make the quick
start work with no configuration at all, and production must switch them off
explicitly (``DEBUG=false``), after which ``SECRET_KEY`` and ``ALLOWED_HOSTS``
are required and ``manage.py check --deploy`` catches what is left.
"""

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from salo_climate.env import (
    cache_from_url,
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = env_str("SECRET_KEY")
if SECRET_KEY is None:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Development only: check --deploy flags the "django-insecure-" prefix.
    SECRET_KEY = "django-insecure-development-key-not-for-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The public may read the published dashboard without logging in.
PUBLIC_DASHBOARD = env_bool("PUBLIC_DASHBOARD", default=DEBUG)
# In progress roll-ups a key action (avaintoimenpide) weighs this many ordinary ones.
KEY_ACTION_WEIGHT = env_int("KEY_ACTION_WEIGHT", 2, minimum=1)
# A person gets at most one reminder digest this many days (send_reminders).
REMINDER_INTERVAL_DAYS = env_int("REMINDER_INTERVAL_DAYS", 7, minimum=1)
# Rendered dashboard content is cached this many seconds, and dropped at once when the
# data changes (programmes.cache); 0 switches the cache off.
DASHBOARD_CACHE_SECONDS = env_int("DASHBOARD_CACHE_SECONDS", 300)
# Public address of the service, used in links sent by email.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "simple_history",
    "axes",
    # For the API docs' Swagger UI, served from ninja's own static files.
    "ninja",
    "programmes",
    "indicators",
    "accounts",
    "reminders",
    "reports",
    "demo",
    "search",
    "emissions",
]

MIDDLEWARE = [
    # First, so that its time and status cover everything below.
    "salo_climate.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cross-origin reads of /api/ only; answers the API's preflight requests itself.
    "api.cors.CorsMiddleware",
    # Outside sessions, CSRF and messages, so that it sees the cookies they set.
    "salo_climate.middleware.CacheHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "salo_climate.middleware.SlidingSessionMiddleware",
    "salo_climate.middleware.FinnishFirstLocaleMiddleware",
    "salo_climate.middleware.RejectNullCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "salo_climate.urls"
WSGI_APPLICATION = "salo_climate.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["programmes.templatetags.content_tags"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": {
        **database_from_url(env_str("DATABASE_URL"), sqlite_path=VAR_DIR / "db.sqlite3"),
        "CONN_MAX_AGE": env_int("CONN_MAX_AGE", 600),
        "CONN_HEALTH_CHECKS": True,
    }
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the dashboard read while a contact person saves an update.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# Without CACHE_URL each worker process keeps its own memory cache: nothing more to run.
# With it (redis:// or valkey://) every process on every host shares one. Entries are keyed
# by the data's generation, read from the database, so no worker serves stale content.
CACHES = {"default": cache_from_url(env_str("CACHE_URL"))}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses logins for a username or address locked out after failures.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "my_actions"
LOGOUT_REDIRECT_URL = "overview"

# Sessions end after this long without activity (8 hours by default), to the minute
# (salo_climate.middleware.SlidingSessionMiddleware).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_TIMEOUT", 8 * 3600, minimum=300)

# Login throttling (django-axes; the policy and its reasons are in the README, "Roles and login").
# LOGIN_FAILURE_LIMIT failures for one username from one address refuse that pair; a stranger
# elsewhere cannot lock the account. LOGIN_USERNAME_FAILURE_LIMIT failures for one username
# from all addresses together refuse the username everywhere (accounts/throttle.py). Both
# last until LOGIN_LOCKOUT_MINUTES have passed since the latest failure.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_USERNAME_FAILURE_LIMIT = env_int("LOGIN_USERNAME_FAILURE_LIMIT", 20, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "accounts.throttle.LoginThrottleHandler"
AXES_USERNAME_CALLABLE = "accounts.throttle.throttled_username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# A success deletes only the failures of that username from that address (the lockout
# parameters decide what axes resets), never another account's.
AXES_RESET_ON_SUCCESS = True
# Attempts refused during a lockout are not counted: otherwise one address could keep
# trying until it reached the per-username limit and locked the account everywhere.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False
# How many proxies in front of the app append to X-Forwarded-For. 0: the header is ignored
# and REMOTE_ADDR is the client; N: the client is the Nth address from the header's right.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "accounts.throttle.client_ip_address"

LANGUAGE_CODE = "fi"
# Off, so that ids, years and keys in markup never gain a space ("action-1 104");
# numbers meant for people are grouped explicitly (number_format(force_grouping=True)).
USE_THOUSAND_SEPARATOR = False
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["salo_climate.formats"]
USE_I18N = True
TIME_ZONE = "Europe/Helsinki"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
if DEBUG:
    STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns at start-up when it is missing
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "salo_climate.staticfinders.PlotlyFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Email (Django 6.1 MAILERS). The console backend prints messages in development.
_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}
_email_backend = env_str("EMAIL_BACKEND", "console" if DEBUG else "smtp")
if _email_backend not in _EMAIL_BACKENDS:
    raise ImproperlyConfigured(
        f"EMAIL_BACKEND={_email_backend!r}: use one of {', '.join(_EMAIL_BACKENDS)}."
    )
MAILERS = {"default": {"BACKEND": _EMAIL_BACKENDS[_email_backend]}}
if _email_backend == "smtp":
    MAILERS["default"]["OPTIONS"] = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env_str("EMAIL_HOST_USER", ""),
        "password": env_str("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", default=False),
        "timeout": 20,
    }
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ilmasto@salo.fi")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where the accessibility statement and privacy notice direct feedback.
FEEDBACK_EMAIL = env_str("FEEDBACK_EMAIL", "kirjaamo@salo.fi")

# Security. Production turns these on by default; each can be overridden.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER", default=False):
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers probe /healthz and /readyz over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    # The project's own markup has no inline styles (tests/test_templates.py forbids
    # them). plotly.js still needs 'unsafe-inline': it inserts <style> rules and style
    # attributes into the charts it draws at run time, which no nonce can cover. Styles
    # cannot run code.
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(f"LOG_LEVEL={LOG_LEVEL!r}: use DEBUG, INFO, WARNING or ERROR.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
