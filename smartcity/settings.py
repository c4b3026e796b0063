"""Settings for Smart City Danmark: one module, driven by the environment.

With no environment at all the site runs in its embedded local mode: SQLite under var/, a
local-memory cache, e-mail to the console and Celery tasks run eagerly in the web process.
Production sets DJANGO_DEBUG=0 and the variables listed in README.md.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").exists():
    env.read_env(str(BASE_DIR / ".env"))

DEBUG = env.bool("DJANGO_DEBUG", default=True)

# The local fallback key only exists in debug mode; production must bring its own.
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "local-only-insecure-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "smartcity.admin_config.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "csp",
    "django_htmx",
    "leaflet",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Ours, in dependency order: places <- accounts <- moderation <- content apps.
    "places",
    "accounts",
    "moderation",
    "catalogue",
    "projects",
    "forum",
    "events",
    "guides",
    "participation",
    "comments",
    "smartcity",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: a signed-in user's own language preference decides.
    "smartcity.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.security.AccountSecurityMiddleware",
]

ROOT_URLCONF = "smartcity.urls"
WSGI_APPLICATION = "smartcity.wsgi.application"
SITE_ID = 1

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
                "csp.context_processors.nonce",
                "smartcity.context_processors.site",
                "participation.context_processors.unread",
            ],
        },
    },
]

# --- Data -----------------------------------------------------------------------------------

if not env("DATABASE_URL", default=""):
    VAR_DIR.mkdir(exist_ok=True)  # the embedded default keeps its SQLite file here
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'smartcity.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a lock instead of failing at once when the worker and the web share the file.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="smartcity"),
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Public pages are kept whole for anonymous visitors this many seconds at most; a change to
# public content makes them stale at once (smartcity/page_cache.py). 0 turns it off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)

# --- Accounts -------------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ModelBackend",  # Django's, reading the moderator flag along
    "allauth.account.auth_backends.AuthenticationBackend",
    # Sessions signed in before accounts.backends existed name Django's own; they stay valid.
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # ASVS 2.1.1: at least 12 characters.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
# One subject style for every e-mail the site sends (smartcity.emails.send_templated and
# allauth's): the subject says what it is about, with no prefix unless one is configured.
EMAIL_SUBJECT_PREFIX = env("EMAIL_SUBJECT_PREFIX", default="")
ACCOUNT_EMAIL_SUBJECT_PREFIX = EMAIL_SUBJECT_PREFIX
# An e-mail to the user after a password, e-mail address or second-factor change (ASVS 2.2.3).
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# Every address goes through one normalisation; rate limits count by smartcity.client_address.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# Sign-in attempts are limited per IP and per account (allauth keeps the counters in the cache).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}


# Two-factor authentication (allauth.mfa): TOTP with recovery codes, for everyone who wants it
# and required of moderators and superusers before admin opens (accounts/security.py).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Smart City Danmark"
# A code from the period before or after also counts: phones' clocks drift, and a code typed
# at the end of its 30 seconds arrives in the next.
MFA_TOTP_TOLERANCE = 1
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
# Moderator and superuser sessions end this many hours after sign-in (ASVS 3.3.2).
PRIVILEGED_SESSION_HOURS = env.int("PRIVILEGED_SESSION_HOURS", default=12)
# The sessions list's "last seen" is brought up to date at most this often (seconds), so that
# an ordinary page view costs no write.
USERSESSIONS_LAST_SEEN_EVERY_SECONDS = 300

# --- Privacy --------------------------------------------------------------------------------

# The data controller named on /privacy/ (KL, Local Government Denmark, unless told otherwise).
PRIVACY_CONTROLLER_NAME = env("PRIVACY_CONTROLLER_NAME", default="KL (Kommunernes Landsforening)")
PRIVACY_CONTROLLER_ADDRESS = env(
    "PRIVACY_CONTROLLER_ADDRESS", default="Weidekampsgade 10, 2300 København S"
)
PRIVACY_CONTROLLER_EMAIL = env("PRIVACY_CONTROLLER_EMAIL", default="kl@kl.dk")
PRIVACY_CONTROLLER_PHONE = env("PRIVACY_CONTROLLER_PHONE", default="+45 3370 3370")
# KL's data protection officer is reached through KL's general address unless told otherwise.
PRIVACY_DPO_EMAIL = env("PRIVACY_DPO_EMAIL", default="kl@kl.dk")
# A data export can be downloaded this many days; then the file is deleted.
PRIVACY_EXPORT_DAYS = env.int("PRIVACY_EXPORT_DAYS", default=7)
# Accounts whose e-mail address was never verified are deleted after this many days.
PRIVACY_UNVERIFIED_ACCOUNT_DAYS = env.int("PRIVACY_UNVERIFIED_ACCOUNT_DAYS", default=30)
# How many reverse proxies of our own sit in front of the site. Only as many X-Forwarded-For
# entries as this are believed (0: the header is ignored); every rate limit counts by the
# client address this gives (smartcity/client_address.py).
TRUSTED_PROXIES = env.int("TRUSTED_PROXIES", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXIES

# --- Language and time ----------------------------------------------------------------------

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LANGUAGE_COOKIE_NAME = "django_language"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["smartcity.formats"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
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
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMAGE_UPLOAD_MAX_BYTES = env.int("IMAGE_UPLOAD_MAX_BYTES", default=8_000_000)
IMAGE_UPLOAD_MAX_PIXELS = 40_000_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

# --- E-mail ---------------------------------------------------------------------------------

EMAIL_URL = env("EMAIL_URL", default="consolemail://")
vars().update(env.email_url_config(EMAIL_URL))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Smart City Danmark <noreply@smartcity.dk>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery ---------------------------------------------------------------------------------

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
# No broker configured: tasks run eagerly in the calling process, through the same code path.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=90)
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# Publishing gives up quickly when the broker is down: the row waits for the sweeper.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="celery")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 3}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "smartcity.tasks.record_heartbeat", "schedule": 60.0},
}

# --- Maps and geocoding ---------------------------------------------------------------------

MAP_TILE_URL = env("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env(
    "MAP_TILE_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
GEOCODER = env("GEOCODER", default="offline")
GEOCODER_URL = env("GEOCODER_URL", default="")
GEOCODER_USER_AGENT = env("GEOCODER_USER_AGENT", default="")
if GEOCODER not in {"offline", "nominatim", "photon"}:
    raise ImproperlyConfigured("GEOCODER must be one of: offline, nominatim, photon.")
if GEOCODER == "nominatim" and not GEOCODER_USER_AGENT:
    raise ImproperlyConfigured("GEOCODER_USER_AGENT must identify this site to use Nominatim.")

LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (56.0, 10.5),
    "DEFAULT_ZOOM": 7,
    "MIN_ZOOM": 5,
    "MAX_ZOOM": 18,
    "TILES": [("OpenStreetMap", MAP_TILE_URL, {"attribution": MAP_TILE_ATTRIBUTION})],
    "RESET_VIEW": False,
}

# --- API ------------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PARSER_CLASSES": [
        "smartcity.api_parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "smartcity.client_address.ClientAnonRateThrottle",
        "smartcity.client_address.ClientUserRateThrottle",
    ],
    "NUM_PROXIES": TRUSTED_PROXIES,
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", default="120/min"),
        "user": env("API_THROTTLE_USER", default="600/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Smart City Danmark API",
    "DESCRIPTION": (
        "Open data from Smart City Danmark: Smart City projects, municipalities, themes, events "
        "and the public forum. Licence: CC BY 4.0 "
        "(https://creativecommons.org/licenses/by/4.0/). Attribution: "
        "'Smart City Danmark, KL's Smart City Forum'."
    ),
    "VERSION": "1.0.0",
    "LICENSE": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "TAGS": [
        {"name": "projects", "description": "Smart City projects: list, detail, submit."},
        {"name": "map", "description": "Clusters and points for one map view."},
        {"name": "downloads", "description": "All published projects as GeoJSON or CSV."},
        {"name": "reference", "description": "Themes and municipalities."},
        {"name": "events", "description": "Events, their GeoJSON and calendar (iCal) feeds."},
        {"name": "forum", "description": "Threads and posts in the public forum categories."},
        {"name": "datasets", "description": "Municipal open datasets; DCAT-AP-DK."},
        {"name": "guides", "description": "Best-practice guides with their published versions."},
    ],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "smartcity.open_data_api.document_error_responses",
    ],
}

# --- Security -------------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
# Sessions are read from the cache (written through to the database): a signed-in page view
# costs no session query. allauth's session list and account deletion end sessions through
# the session store, which removes the cached copy too.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Messages travel in the session, not in a cookie of their own: /privacy/ lists every cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

_tile_origin = "{0.scheme}://{0.netloc}".format(urlsplit(MAP_TILE_URL.replace("{s}", "a")))
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        # Leaflet positions tiles and markers with style attributes set from script.
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:", _tile_origin],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# --- Geocoding (places) -------------------------------------------------------------------

# Every call to an online geocoder gives up after this many seconds (GeocoderUnavailable).
GEOCODER_TIMEOUT = env.float("GEOCODER_TIMEOUT", default=5.0)
# Seconds between two requests to the online geocoder, across all workers (through the cache):
# the public Nominatim allows one request a second.
GEOCODER_MIN_INTERVAL = env.float("GEOCODER_MIN_INTERVAL", default=1.0)
# A caller that cannot get its turn within this many seconds gets GeocoderUnavailable.
GEOCODER_MAX_WAIT = env.float("GEOCODER_MAX_WAIT", default=30.0)
# Online answers are kept in the database (GeocodeCacheEntry) this long.
GEOCODER_CACHE_DAYS = env.int("GEOCODER_CACHE_DAYS", default=30)
# A point this close to a municipality boundary counts as inside it (coastlines in the
# boundary files are generalised; a pin on a pier must not land "outside Denmark").
GEOCODER_BOUNDARY_TOLERANCE_M = env.int("GEOCODER_BOUNDARY_TOLERANCE_M", default=500)
if GEOCODER != "offline" and CELERY_BROKER_URL and not REDIS_URL:
    # Workers are separate processes: a per-process cache cannot keep them to the limit.
    raise ImproperlyConfigured(
        "An online GEOCODER with separate Celery workers needs the shared cache (REDIS_URL): "
        "the one-request-a-second limit is kept there."
    )

# --- Moderation and screening ---------------------------------------------------------------

# Screening scores: the sum of the reasons' weights. At or above the review score even trusted
# authors wait for a moderator; at or above the reject score content is rejected (hidden).
MODERATION_REVIEW_SCORE = env.float("MODERATION_REVIEW_SCORE", default=1.0)
MODERATION_REJECT_SCORE = env.float("MODERATION_REJECT_SCORE", default=6.0)
# Citizens with this many published items of a kind publish without waiting.
MODERATION_TRUSTED_AFTER = env.int("MODERATION_TRUSTED_AFTER", default=3)
# The summed standing of the open reports that hides published content until a moderator
# looks (three established reporters).
MODERATION_REPORTS_TO_HIDE = env.int("MODERATION_REPORTS_TO_HIDE", default=3)
# A report weighs by its reporter's standing (moderation.services.reporter_standing): 1 for an
# established account with a verified e-mail, less for a new one, more after upheld reports.
MODERATION_NEW_REPORTER_DAYS = env.int("MODERATION_NEW_REPORTER_DAYS", default=7)
MODERATION_NEW_REPORTER_WEIGHT = env.float("MODERATION_NEW_REPORTER_WEIGHT", default=0.25)
MODERATION_UPHELD_REPORT_BONUS = env.float("MODERATION_UPHELD_REPORT_BONUS", default=0.5)
# rapidfuzz token_set_ratio (0-100) from which title + summary count as a near-duplicate.
MODERATION_DUPLICATE_RATIO = env.float("MODERATION_DUPLICATE_RATIO", default=90.0)
MODERATION_VELOCITY_LIMIT = env.int("MODERATION_VELOCITY_LIMIT", default=5)
MODERATION_VELOCITY_WINDOW_HOURS = env.int("MODERATION_VELOCITY_WINDOW_HOURS", default=24)
MODERATION_NEW_ACCOUNT_HOURS = env.int("MODERATION_NEW_ACCOUNT_HOURS", default=24)
MODERATION_MAX_LINKS = env.int("MODERATION_MAX_LINKS", default=2)
# Links to these (and to the municipalities' own domains) do not count towards the limit.
MODERATION_TRUSTED_LINK_DOMAINS = env.list(
    "MODERATION_TRUSTED_LINK_DOMAINS",
    default=["kl.dk", "borger.dk", "dataforsyningen.dk", "opendata.dk", "digst.dk", "sdfi.dk"],
)
# Length of all texts together, in characters, per content kind.
MODERATION_MIN_LENGTH = {
    "default": 20,
    "project": 60,
    "event": 40,
    "forum_post": 2,
    "guide": 200,
    "comment": 2,
}
MODERATION_MAX_LENGTH = {
    "default": 20_000,
    "comment": 5_000,
    "guide": 80_000,
    "project": 20_000,
    "event": 10_000,
    "forum_post": 20_000,
}
# Weights of the rules whose strength is a matter of policy.
MODERATION_BLOCKED_WORD_WEIGHT = 2.5  # per distinct blocked word
MODERATION_BLOCKED_DOMAIN_WEIGHT = 3.0  # per distinct blocked link domain
MODERATION_LINKS_WEIGHT = 1.5  # one link over the limit; +0.5 per further link
MODERATION_PERSONAL_DATA_WEIGHT = 1.0  # and never published automatically
MODERATION_NEW_ACCOUNT_WEIGHT = 0.5
MODERATION_TERMS_CACHE_SECONDS = 60


# --- Projects -------------------------------------------------------------------------------

# The map API keeps each answer this long (seconds): repeated views cost a cache read, and a
# change reaches the map within this time.
PROJECTS_MAP_CACHE_SECONDS = env.int("PROJECTS_MAP_CACHE_SECONDS", default=30)
# Project submissions an hour from one client address, whatever the account (an office or a
# school shares one address; each account has its own, smaller limit too).
PROJECTS_SUBMISSIONS_PER_ADDRESS_HOUR = env.int("PROJECTS_SUBMISSIONS_PER_ADDRESS_HOUR", default=30)

# The submission pipeline (projects/processing.py).
PIPELINE_LEASE_SECONDS = env.int("PIPELINE_LEASE_SECONDS", default=300)
PIPELINE_MAX_ATTEMPTS = env.int("PIPELINE_MAX_ATTEMPTS", default=5)
PIPELINE_RETRY_BASE_SECONDS = env.float("PIPELINE_RETRY_BASE_SECONDS", default=30.0)
PIPELINE_SWEEP_GRACE_SECONDS = env.int("PIPELINE_SWEEP_GRACE_SECONDS", default=120)
PIPELINE_DUPLICATE_KM = 5.0
# E-mail the moderators when a submission starts waiting in the queue.
MODERATION_NOTIFY_MODERATORS = env.bool("MODERATION_NOTIFY_MODERATORS", default=False)
CELERY_BEAT_SCHEDULE["projects-orphan-images"] = {
    "task": "projects.tasks.delete_orphan_images",
    "schedule": 6 * 3600.0,
}
CELERY_BEAT_SCHEDULE["projects-sweeper"] = {
    "task": "projects.tasks.sweep_stuck_projects",
    "schedule": env.float("PIPELINE_SWEEP_EVERY_SECONDS", default=60.0),
}

# Submissions per user and hour, in the form and the API alike (smartcity/limits.py).
PROJECTS_SUBMISSIONS_PER_HOUR = env.int("PROJECTS_SUBMISSIONS_PER_HOUR", default=10)

# --- Forum ----------------------------------------------------------------------------------

# Flood control: at most one post per FORUM_FLOOD_SECONDS and FORUM_POSTS_PER_HOUR an hour
# per member (moderators are exempt); counters live in the cache.
FORUM_FLOOD_SECONDS = env.int("FORUM_FLOOD_SECONDS", default=15)
FORUM_POSTS_PER_HOUR = env.int("FORUM_POSTS_PER_HOUR", default=30)
FORUM_MAX_ATTACHMENTS = 5
# Search ranks at most this many of the newest matches (a very common word stays fast: the
# newest matches are found by walking the posts newest first, so the cost grows with this
# number; 200 is up to ten pages of threads).
FORUM_SEARCH_CANDIDATES = env.int("FORUM_SEARCH_CANDIDATES", default=200)

# --- Appeals and comments ------------------------------------------------------------------

# An author may appeal a rejection or a hide once, within this many days of the decision.
MODERATION_APPEAL_DAYS = env.int("MODERATION_APPEAL_DAYS", default=30)
# Comments on projects: top-level comments per page, and at most this many an hour per user
# (moderators are exempt); the counters live in the cache (smartcity.limits).
COMMENTS_PAGE_SIZE = env.int("COMMENTS_PAGE_SIZE", default=20)
COMMENTS_PER_HOUR = env.int("COMMENTS_PER_HOUR", default=20)

# --- Events ---------------------------------------------------------------------------------

# Participants get a reminder e-mail when their event starts within this many hours.
EVENTS_REMINDER_HOURS = env.int("EVENTS_REMINDER_HOURS", default=24)
CELERY_BEAT_SCHEDULE["events-reminders"] = {
    "task": "events.tasks.send_event_reminders",
    "schedule": 15 * 60.0,  # every 15 minutes; each reminder is claimed, so never sent twice
}
CELERY_BEAT_SCHEDULE["events-sweep"] = {
    "task": "events.tasks.sweep_submitted_events",
    "schedule": 5 * 60.0,
}

# --- Privacy retention -----------------------------------------------------------------------

CELERY_BEAT_SCHEDULE["accounts-retention"] = {
    "task": "accounts.tasks.apply_retention",
    "schedule": 6 * 3600.0,
}

# --- Background work ------------------------------------------------------------------------

# Tasks promised by a committed transaction wait in an outbox row until the broker has them
# (smartcity/enqueue.py); beat sends what a broker outage kept back once it is this old.
OUTBOX_SWEEP_GRACE_SECONDS = env.int("OUTBOX_SWEEP_GRACE_SECONDS", default=60)
CELERY_BEAT_SCHEDULE["outbox-sweeper"] = {
    "task": "smartcity.tasks.sweep_outbox",
    "schedule": env.float("OUTBOX_SWEEP_EVERY_SECONDS", default=60.0),
}

# --- Logging and monitoring -----------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:  # optional: install sentry-sdk in the deployment to use it
    import sentry_sdk

    sentry_sdk.init(dsn=SENTRY_DSN, send_default_pii=False)

# --- Open-data catalogue --------------------------------------------------------------------

# Open Data DK runs CKAN; the harvest source seeded on the first migration (edit it in admin).
CATALOGUE_OPEN_DATA_DK_URL = env("CATALOGUE_OPEN_DATA_DK_URL", default="https://www.opendata.dk")
CATALOGUE_USER_AGENT = env(
    "CATALOGUE_USER_AGENT", default="SmartCityDanmark-catalogue/1.0 (+https://smartcity.dk)"
)
CATALOGUE_HARVEST_TIMEOUT = env.float("CATALOGUE_HARVEST_TIMEOUT", default=30.0)  # per call
CATALOGUE_HARVEST_ATTEMPTS = env.int("CATALOGUE_HARVEST_ATTEMPTS", default=3)
CATALOGUE_HARVEST_BACKOFF_SECONDS = env.float("CATALOGUE_HARVEST_BACKOFF_SECONDS", default=2.0)
CATALOGUE_HARVEST_PAGE_SIZE = env.int("CATALOGUE_HARVEST_PAGE_SIZE", default=1000)
CATALOGUE_DCAT_CACHE_SECONDS = env.int("CATALOGUE_DCAT_CACHE_SECONDS", default=3600)
# Datasets per page of catalog.ttl/.jsonld (ckanext-dcat pages by 100 too).
CATALOGUE_DCAT_PAGE_SIZE = env.int("CATALOGUE_DCAT_PAGE_SIZE", default=100)
CELERY_BEAT_SCHEDULE["catalogue-harvest"] = {
    "task": "catalogue.tasks.harvest_all_sources",
    "schedule": crontab(hour=3, minute=17),  # nightly, when the portals are quiet
}

# --- Taking part: follows, alerts, notifications, digests -----------------------------------
PARTICIPATION_DIGEST_BATCH_SIZE = env.int("PARTICIPATION_DIGEST_BATCH_SIZE", default=500)
CELERY_BEAT_SCHEDULE["participation-daily-digests"] = {
    "task": "participation.tasks.send_digests",
    "schedule": crontab(hour=6, minute=30),
    "args": ["daily"],
}
CELERY_BEAT_SCHEDULE["participation-weekly-digests"] = {
    "task": "participation.tasks.send_digests",
    "schedule": crontab(hour=6, minute=45, day_of_week="monday"),
    "args": ["weekly"],
}
