"""yubitter settings: everything comes from the environment (django-environ).

Every variable is documented in README.md. With none set, the embedded defaults
give a working demo only when DEBUG is on (``make run`` turns it on): SQLite,
the local-memory cache, database sessions, console e-mail and the local X
emulator. With DEBUG off, a default secret key, missing X consumer keys or
missing token-encryption keys refuse to start.
"""

import base64
import hashlib
import re
from datetime import timedelta
from pathlib import Path

import environ
from boto3.s3.transfer import TransferConfig
from botocore.config import Config as BotoConfig
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

_DEFAULT_SECRET_KEY = "insecure-development-key-change-me"
SECRET_KEY = env.str("SECRET_KEY", default=_DEFAULT_SECRET_KEY)
if not DEBUG and SECRET_KEY == _DEFAULT_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The local X emulator is a development and test tool; production never loads it.
XEMULATOR_ENABLED = env.bool("XEMULATOR_ENABLED", default=DEBUG)

INSTALLED_APPS = [
    # Django's admin on the operators' site (apps/operators: dashboard, ADMIN_URL).
    "apps.operators.apps.OperatorsAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "apps.accounts",
    "apps.xapi",
    "apps.keitai",
    "apps.client",
    "apps.photos",
    "apps.mailgate",
    "axes",
]
if XEMULATOR_ENABLED:
    INSTALLED_APPS.append("apps.xemulator")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Keitai: profile the device and decode its input before anything reads
    # it; the pipeline sees the response after the session got its final id.
    "apps.keitai.middleware.DeviceMiddleware",
    "apps.keitai.middleware.ResponsePipelineMiddleware",
    # Django's SessionMiddleware, plus the session id in URLs for cookie-less phones.
    "apps.keitai.url_sessions.KeitaiSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Django's, accepting the "Origin: null" that no-referrer pages make browsers send.
    "apps.keitai.csrf.CsrfViewMiddleware",
    # Django's, with the user, X account and preferences from the session's copy.
    "apps.accounts.identity.SessionIdentityMiddleware",
    # Last seen of phones signed in by a hand-off (the PC lists them).
    "apps.accounts.phone_sessions.PhoneSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "apps.accounts.middleware.PreferencesMiddleware",
    "apps.client.middleware.XErrorMiddleware",
    "apps.client.middleware.DatabaseAwayMiddleware",
    # What each page costs on X: its calls are recorded under its URL name.
    "apps.client.middleware.XSpendPageMiddleware",
    # Below XErrorMiddleware so it sees a revoked token first (exceptions go upwards).
    "apps.accounts.middleware.RevokedTokenMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "apps.operators.middleware.ActivityMiddleware",
    # Last: django-axes refuses sign-ins from a client locked out by failed attempts.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "yubitter.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    # The parts of a phone's page rendered once per list item (client/_post.jinja):
    # Jinja2 compiles them to Python, a post costs a fraction of a Django include.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "apps.client.jinja_env.environment"},
    },
]

WSGI_APPLICATION = "yubitter.wsgi.application"

# --- Database -----------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.mysql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("charset", "utf8mb4")
    DATABASES["default"].setdefault("TEST", {}).update(
        {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"}
    )
# Seconds to wait for the database to accept a connection: a server that is away
# (dropped packets, a failover under way) holds a request this long at most, then the
# page is made from the session and cache, or is a 503 (README: the database can go away).
if DATABASES["default"]["ENGINE"].endswith(("mysql", "postgresql")):
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=3)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions ---------------------------------------------------------
# CACHE_URL may name memcached or Flare (both speak the memcached protocol):
# pymemcache://127.0.0.1:11211 or pymemcache://h1:11211,h2:11211.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
_cache = CACHES["default"]
if _cache["BACKEND"].endswith("PyMemcacheCache"):
    # Connections kept from one request to the next (yubitter/cache.py).
    _cache["BACKEND"] = "yubitter.cache.KeptConnectionsPyMemcacheCache"
    # Short timeouts bound a dead node's stall; replies stay on (no noreply) so a
    # failed write is seen. A node that fails once is left out (no retry within
    # the request) for CACHE_DEAD_TIMEOUT, then tried again: see
    # apps/accounts/session_store.py for why no failure can serve a stale session.
    _cache.setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": env.float("CACHE_CONNECT_TIMEOUT", default=0.2),
            "timeout": env.float("CACHE_TIMEOUT", default=0.3),
            "default_noreply": False,
            "no_delay": True,
            "use_pooling": True,
            "retry_attempts": 0,
            "retry_timeout": 0,
            "dead_timeout": env.float("CACHE_DEAD_TIMEOUT", default=0.25),
        }
    )
# Sessions: rows in the database (the truth), data cached under versioned keys in
# whatever CACHE_URL names (memcached, Flare, or this process's memory).
SESSION_ENGINE = "apps.accounts.session_store"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 24 * 30)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Cookie-less phones keep the CSRF token in the session (DESIGN.md, security rules).
CSRF_USE_SESSIONS = True
# A refused form gets the gateway's page in the device's markup, with the text back.
CSRF_FAILURE_VIEW = "apps.client.views.errors.csrf_failure"

# --- X API ----------------------------------------------------------------------
X_API_BASE_URL = env.str("X_API_BASE_URL", default="http://127.0.0.1:8001").rstrip("/")
# The browser-facing host for the authorize page; the same as the API host on X.
X_AUTHORIZE_BASE_URL = env.str("X_AUTHORIZE_BASE_URL", default=X_API_BASE_URL).rstrip("/")
# The emulator's demo application; real X keys must come from the environment.
_DEMO_CONSUMER_KEY = "yubitter-demo-consumer-key-0001"
_DEMO_CONSUMER_SECRET = "yubitter-demo-consumer-secret-for-the-local-emulator-only"
X_CONSUMER_KEY = env.str("X_CONSUMER_KEY", default=_DEMO_CONSUMER_KEY if DEBUG else "")
X_CONSUMER_SECRET = env.str("X_CONSUMER_SECRET", default=_DEMO_CONSUMER_SECRET if DEBUG else "")
if not DEBUG and not (X_CONSUMER_KEY and X_CONSUMER_SECRET):
    raise ImproperlyConfigured(
        "X_CONSUMER_KEY and X_CONSUMER_SECRET must be set when DEBUG is off."
    )
X_CONNECT_TIMEOUT = env.float("X_CONNECT_TIMEOUT", default=3.05)
X_READ_TIMEOUT = env.float("X_READ_TIMEOUT", default=8.0)
# A page that has a cached copy waits this long for X, then shows the copy with a
# notice while X's answer is stored for the next view (apps/xapi/refresh.py); 0 turns
# it off. X_REFRESH_THREADS bounds the threads per process that wait on X for it.
X_STALE_DEADLINE = env.float("X_STALE_DEADLINE", default=0.8)
X_REFRESH_THREADS = env.int("X_REFRESH_THREADS", default=8)
# Pooled HTTP connections to X per process: one for every thread that may call X, the
# gunicorn threads (deploy/gunicorn.conf.py's default is 32) and the refresh threads.
X_POOL_SIZE = env.int(
    "X_POOL_SIZE", default=env.int("GUNICORN_THREADS", default=32) + X_REFRESH_THREADS
)
# How long a page read from X is served without asking again, and how long the
# copy is kept to serve when X is rate-limited or down.
X_READ_CACHE_TTL = env.int("X_READ_CACHE_TTL", default=60)
X_STALE_CACHE_TTL = env.int("X_STALE_CACHE_TTL", default=60 * 60 * 24)
TIMELINE_PAGE_SIZE = env.int("TIMELINE_PAGE_SIZE", default=20)

# --- X's prices and the gateway's spending -------------------------------------------
# The app's access to X: "pay-per-use" (self-serve, billed from prepaid credits; no
# likes, follows or quotes, replies only where the user was mentioned or is the
# author) or "enterprise" (everything). Pages offer only what X allows.
X_ACCESS = env.str("X_ACCESS", default="pay-per-use")
if X_ACCESS not in ("pay-per-use", "enterprise"):
    raise ImproperlyConfigured("X_ACCESS must be 'pay-per-use' or 'enterprise'.")
# US dollars, from X's pricing page ("X API pay-per-usage pricing", 2026) and its
# changelog of 2026-04-16. Reads per resource returned, writes per request; the same
# resource read again the same UTC day is free. Override any with X_PRICES, e.g.
# "post=0.006,create_post_url=0.25".
X_PRICES = {
    "post": 0.005,
    "user": 0.010,
    "dm_event": 0.010,
    "follow": 0.010,
    "list": 0.005,
    "media": 0.005,
    "create_post": 0.015,
    "create_post_url": 0.200,
    "dm": 0.015,
    "interaction": 0.015,
    "delete": 0.010,
    "upload": 0.005,
    **env.dict("X_PRICES", cast={"value": float}, default={}),
}
# Daily spending caps in US dollars (0: none), per user and for the whole site. Past
# one, pages come from the cache with a notice and writes wait in the outbox.
X_DAILY_CAP_PER_USER = env.float("X_DAILY_CAP_PER_USER", default=0.0)
X_DAILY_CAP_TOTAL = env.float("X_DAILY_CAP_TOTAL", default=0.0)
# Within this share of a cap, a page read today is served from the cache when one
# exists (X does not charge it again, and the gateway does not ask).
X_CAP_NEAR = env.float("X_CAP_NEAR", default=0.8)
# Each process writes its tally of X spending to the database at most this often.
X_SPEND_FLUSH_SECONDS = env.float("X_SPEND_FLUSH_SECONDS", default=10.0)

# --- Secrets at rest --------------------------------------------------------------
# Comma-separated Fernet keys, newest first; older keys still decrypt (rotation:
# put the new key first, run `manage.py reencrypt_tokens`, then drop the old one).
TOKEN_ENCRYPTION_KEYS = env.list("TOKEN_ENCRYPTION_KEYS", default=[])
if not TOKEN_ENCRYPTION_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured("TOKEN_ENCRYPTION_KEYS must be set when DEBUG is off.")
    _derived = hashlib.sha256(("token-encryption:" + SECRET_KEY).encode()).digest()
    TOKEN_ENCRYPTION_KEYS = [base64.urlsafe_b64encode(_derived).decode()]

# --- Auth -------------------------------------------------------------------------
# Where accounts sends people: signed out (and sign-in pages), and once signed in.
LOGIN_URL = "client:top"
LOGIN_REDIRECT_URL = "client:home"

# --- The operators' admin (apps/operators) ----------------------------------------------
# Where the admin lives (not /admin/, which every scanner tries); staff accounts only.
ADMIN_URL = env.str("ADMIN_URL", default="operators/").strip("/") + "/"
if ADMIN_URL == "/":
    raise ImproperlyConfigured("ADMIN_URL must name a path, e.g. operators/.")
# Failed staff sign-ins (django-axes): after ADMIN_LOGIN_FAILURE_LIMIT failures for one
# user name from one address, that pair is locked out for ADMIN_LOGIN_COOLOFF_MINUTES.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("ADMIN_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("ADMIN_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The client address as the deployment says to learn it (KEITAI_CLIENT_ADDRESS_HEADER).
AXES_CLIENT_IP_CALLABLE = "apps.keitai.subscriber.client_address"
AXES_LOCKOUT_TEMPLATE = "operators/locked_out.html"

# --- Hand-off to a phone (apps/accounts/handoff.py) ---------------------------------
# A signed-in PC shows a QR code of a one-time link and the same hand-off as a short
# code of digits; both work once and only for this many seconds.
HANDOFF_TTL = env.int("HANDOFF_TTL", default=300)
HANDOFF_CODE_DIGITS = env.int("HANDOFF_CODE_DIGITS", default=8)
# Typed-code attempts allowed per client (subscriber ID, else address) and for the
# whole site in each window of HANDOFF_CODE_WINDOW seconds; over either, codes are refused.
HANDOFF_CODE_CLIENT_LIMIT = env.int("HANDOFF_CODE_CLIENT_LIMIT", default=5)
HANDOFF_CODE_GLOBAL_LIMIT = env.int("HANDOFF_CODE_GLOBAL_LIMIT", default=300)
HANDOFF_CODE_WINDOW = env.int("HANDOFF_CODE_WINDOW", default=600)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- E-mail ---------------------------------------------------------------------------
vars().update(env.email("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="yubitter <noreply@localhost>")

# --- Mail in (apps/mailgate) ------------------------------------------------------------
# Posting addresses are <token>@MAIL_DOMAIN; Postfix hands that domain's mail to the
# LMTP server (`manage.py mailgate`) or to `manage.py receive_mail` through pipe.
MAIL_DOMAIN = env.str("MAIL_DOMAIN", default="localhost").strip().lower()
MAILGATE_HOST = env.str("MAILGATE_HOST", default="127.0.0.1")
MAILGATE_PORT = env.int("MAILGATE_PORT", default=10026)
MAIL_MAX_BYTES = env.int("MAIL_MAX_BYTES", default=15 * 1024 * 1024)
MAIL_MAX_ATTACHMENTS = env.int("MAIL_MAX_ATTACHMENTS", default=10)
MAIL_POSTS_PER_HOUR = env.int("MAIL_POSTS_PER_HOUR", default=30)
# Sender of notices (results of mail posts, new mentions and messages).
MAIL_NOTICE_FROM = env.str("MAIL_NOTICE_FROM", default=f"yubitter <noreply@{MAIL_DOMAIN}>")

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="ja")
LANGUAGES = [("ja", "日本語"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Tokyo")
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.str("STATIC_ROOT", default=str(BASE_DIR / "var" / "static"))
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(BASE_DIR / "media"))
# Posts and messages typed while the database is away and X could not take them:
# a file each on this node, moved into the outbox by `send_outbox` (apps/client/spool.py).
SPOOL_DIR = env.str("SPOOL_DIR", default=str(BASE_DIR / "var" / "spool"))
MEDIA_URL = "media/"
# Stored files (image variants; photos by mail): the file system by default, S3 (or
# any S3 API) when a bucket is named; CloudFront through AWS_S3_CUSTOM_DOMAIN.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": AWS_STORAGE_BUCKET_NAME,
                "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
                "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
                "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
                "default_acl": None,
                "file_overwrite": True,
                # Short timeouts and few retries: a photo that cannot be stored now is
                # kept by its sender's side and tried again (apps/photos/services.py).
                "client_config": BotoConfig(
                    connect_timeout=env.float("AWS_S3_CONNECT_TIMEOUT", default=3.0),
                    read_timeout=env.float("AWS_S3_READ_TIMEOUT", default=10.0),
                    retries={"max_attempts": 2, "mode": "standard"},
                ),
                # store_photo writes a photo's files side by side from its own threads;
                # s3transfer's threads would only start more of them for each file.
                "transfer_config": TransferConfig(use_threads=False),
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
# The one stylesheet the response pipeline inlines into every page.
INLINE_STYLESHEET = BASE_DIR / "static" / "yubitter.css"
# Written as a <style> element for modern browsers only (apps/keitai/context_processors.py).
SCREEN_STYLESHEET = BASE_DIR / "static" / "screen.css"

# --- Security ---------------------------------------------------------------------------
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# --- Keitai -----------------------------------------------------------------------------
# Carrier gateway address ranges (JSON like apps/keitai/data/carrier-ip-ranges.json).
KEITAI_IP_RANGES_FILE = env.str("KEITAI_IP_RANGES_FILE", default="") or None
# How the client address is learnt, for trusting subscriber-ID headers: empty means
# the socket's REMOTE_ADDR; otherwise the header the trusted reverse proxy sets
# (e.g. X-Real-IP; for X-Forwarded-For the last entry is used).
KEITAI_CLIENT_ADDRESS_HEADER = env.str("KEITAI_CLIENT_ADDRESS_HEADER", default="")
# Easy login trusts subscriber-ID headers from the carrier ranges above; turn it off
# when those ranges cannot be kept current (the classic networks are closed).
KEITAI_EASY_LOGIN = env.bool("KEITAI_EASY_LOGIN", default=True)
# Query parameter carrying the session id for phones without cookies.
KEITAI_SESSION_PARAM = env.str("KEITAI_SESSION_PARAM", default="sid")
# Parse every page sent (XML for XHTML, the Compact HTML element list for C-HTML)
# and fail the request when one is wrong: on in the tests, off in production.
KEITAI_CHECK_MARKUP = False
TEMPLATES[0]["OPTIONS"]["context_processors"].append("apps.keitai.context_processors.device")
# Messages ride in the session: a cookie would be lost on cookie-less phones.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- Image proxy (apps/photos) ------------------------------------------------------------
IMAGE_PROXY_ALLOWED_HOSTS = env.list(
    "IMAGE_PROXY_ALLOWED_HOSTS", default=["pbs.twimg.com", "abs.twimg.com", "video.twimg.com"]
)
# Non-public address:port pairs still allowed (a local emulator in development only).
IMAGE_PROXY_ALLOW_PRIVATE_HOSTS = env.list("IMAGE_PROXY_ALLOW_PRIVATE_HOSTS", default=[])
# address:port pairs only: allowing a whole host would open memcached and the rest on it.
for _entry in IMAGE_PROXY_ALLOW_PRIVATE_HOSTS:
    if not re.fullmatch(r"\S+:[0-9]{1,5}", _entry.strip()):
        raise ImproperlyConfigured(
            f"IMAGE_PROXY_ALLOW_PRIVATE_HOSTS: {_entry!r} is not address:port"
        )
IMAGE_PROXY_MAX_BYTES = env.int("IMAGE_PROXY_MAX_BYTES", default=5 * 1024 * 1024)
IMAGE_PROXY_MAX_PIXELS = env.int("IMAGE_PROXY_MAX_PIXELS", default=24_000_000)
IMAGE_PROXY_CONNECT_TIMEOUT = env.float("IMAGE_PROXY_CONNECT_TIMEOUT", default=3.0)
IMAGE_PROXY_READ_TIMEOUT = env.float("IMAGE_PROXY_READ_TIMEOUT", default=5.0)
IMAGE_PROXY_DEADLINE = env.float("IMAGE_PROXY_DEADLINE", default=10.0)
IMAGE_PROXY_REFUSAL_TTL = env.int("IMAGE_PROXY_REFUSAL_TTL", default=60)

# --- Photos (apps/photos) -------------------------------------------------------------------
# The gateway's public address, for links that leave it (a photo page in a post or a mail).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Limits on a photo someone sends, checked before it is decoded.
PHOTO_MAX_BYTES = env.int("PHOTO_MAX_BYTES", default=15 * 1024 * 1024)
PHOTO_MAX_PIXELS = env.int("PHOTO_MAX_PIXELS", default=40_000_000)
# The stored original: at most this many pixels on its long side, and within X's 5 MB.
PHOTO_MAX_SIDE = env.int("PHOTO_MAX_SIDE", default=2048)
PHOTO_ORIGINAL_MAX_BYTES = env.int("PHOTO_ORIGINAL_MAX_BYTES", default=5 * 1024 * 1024)
