"""Settings shared by every environment.

Secure by default: DEBUG is off and secrets come only from the environment.
Only ``dev.py`` carries a throwaway key. See README.md for every variable.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The networks of the proxies in front of the site (load balancer, nginx, CDN), e.g.
# "10.0.0.0/8,127.0.0.1": the client's address is then the right-most X-Forwarded-For
# address outside them (core/clients.py). Unset: REMOTE_ADDR, the header is ignored.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

INSTALLED_APPS = [
    "core",
    "datavis",
    "delivery",
    "home",
    "processes",
    "events",
    "proposals",
    "surveys",
    "blog",
    "newsletters",
    "accounts",
    "impact",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "import_export",
    "django_comments_xtd",
    "django_comments",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every public response (core/csp.py; the admin is left out).
    "core.csp.ContentSecurityPolicyMiddleware",
    # Before anything reads the request: NUL characters and non-UTF-8 forms get a 400.
    "home.middleware.RejectUnreadableInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside everything that sets cookies or Vary: public headers and the page cache for
    # anonymous pages, private ones for the rest (core/cache.py, docs/caching.md).
    "core.cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The request's site and each page address's route, cached (home/serving.py).
    "home.serving.CachedRouteMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Django's, with Origin / Sec-Fetch-Site checks so public forms need no token (core/csrf.py).
    "core.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# Django's W003 looks for its own CSRF middleware by name; ours extends it and core.csrf
# registers the check that it is installed (townhall.W101).
SILENCED_SYSTEM_CHECKS = ["security.W003"]

ROOT_URLCONF = "townhall.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "townhall.wsgi.application"

# SQLite is the embedded default; DATABASE_URL (PostgreSQL in production) wins when set.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The local-memory cache serves a laptop; REDIS_URL switches to Redis.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "townhall",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous pages are served from that cache, purged on every change a visitor could see
# (core/cache.py; docs/caching.md). PAGE_CACHE=off keeps only the public headers.
PAGE_CACHE = env_bool("PAGE_CACHE", True)
# Permissions are kept in the cache only when every process shares it (core/conf.py).
PERMISSIONS_CACHE = bool(os.environ.get("REDIS_URL"))
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "60"))
PAGE_CACHE_MAX_AGE = int(os.environ.get("PAGE_CACHE_MAX_AGE", "60"))

# A CDN or Varnish in front is purged like the page cache (wagtail.contrib.frontend_cache);
# nothing is sent unless one of these is set.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):  # Varnish, nginx…: an HTTP PURGE per address
    WAGTAILFRONTENDCACHE["varnish"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }
if os.environ.get("CLOUDFLARE_ZONEID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_BEARER_TOKEN", ""),
        "ZONEID": os.environ["CLOUDFLARE_ZONEID"],
    }
if os.environ.get("CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],
    }
# Each translation is its own page with its own address: purge exactly those.
WAGTAILFRONTENDCACHE_LANGUAGES = []

# Residents sign in with their e-mail address (accounts/); staff keep their usernames. The
# first one checks no password: it answers permission checks from the cache.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.CachedPermissionsBackend",
    "django.contrib.auth.backends.ModelBackend",
    "accounts.backends.EmailBackend",
]
LOGIN_URL = "accounts:sign_in"
# The admin's sign-in form: Wagtail's, under the same wrong-password limits (accounts/forms.py).
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.forms.AdminSignInForm"
# Wagtail's "private, signed-in users only" pages send visitors to the same page.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
# How long the link that confirms a new account works, in seconds.
ACCOUNT_CONFIRMATION_MAX_AGE = int(os.environ.get("ACCOUNT_CONFIRMATION_MAX_AGE", 3 * 24 * 3600))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: English is the default; every URL carries its language (/en/, /fr/, /ar/, /sw/).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("ar", _("Arabic")),
    ("sw", _("Swahili")),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates, times and number separators per language: core/formats/<lang>/formats.py.
FORMAT_MODULE_PATH = ["core.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Optional S3 media (django-storages) when AWS_STORAGE_BUCKET_NAME is set.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_STORAGE_BUCKET_NAME = os.environ["AWS_STORAGE_BUCKET_NAME"]
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME")
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL")
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN")
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", False)
    AWS_S3_FILE_OVERWRITE = False

# E-mail
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# A mail server that stops answering must not hold a delivery worker for minutes: after this
# many seconds the engine (delivery/engine.py) counts it as down and retries with backoff.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Townhall <noreply@townhall.localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Newsletters (see newsletters/sending.py). Messages per batch: one claim, one mail
# connection and a constant number of queries each.
NEWSLETTER_BATCH_SIZE = int(os.environ.get("NEWSLETTER_BATCH_SIZE", "200"))
NEWSLETTER_PARALLEL_TASKS = int(os.environ.get("NEWSLETTER_PARALLEL_TASKS", "1"))
NEWSLETTER_FROM_EMAIL = os.environ.get("NEWSLETTER_FROM_EMAIL", DEFAULT_FROM_EMAIL)
NEWSLETTER_REPLY_TO = os.environ.get("NEWSLETTER_REPLY_TO", "")
# Only set this when a mailbox really processes "unsubscribe" messages.
NEWSLETTER_UNSUBSCRIBE_MAILTO = os.environ.get("NEWSLETTER_UNSUBSCRIBE_MAILTO", "")
NEWSLETTER_CONFIRMATION_MAX_AGE = 7 * 24 * 3600

# Background work goes through django-tasks, the task API Wagtail uses.
# Immediate here (dev, tests); production.py switches to the database backend (db_worker).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# django.contrib.sites is needed by django-comments.
SITE_ID = 1

# Wagtail
WAGTAIL_SITE_NAME = "Townhall"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Wagtail's database search; on PostgreSQL each page is stemmed in its own language
# (home/search.py). Swahili has no PostgreSQL stemmer: "simple" matches whole words.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "home.search",
        "SEARCH_CONFIGS": {"en": "english", "fr": "french", "ar": "arabic", "sw": "simple"},
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILEMBEDS_RESPONSIVE_HTML = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
# Starting a translation saves a draft; the page goes live when its translation is published
# (wagtail_localize/operations.py reads this). The default, True, publishes an untranslated
# copy at once, and does it in transaction.on_commit from the page as it was before "include
# subtree" added its children, so the publication wrote numchild=0 back over the tree and
# every translated child answered 404 (wagtail-localize issue #773).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# Comments (django-comments-xtd). The consultation work plugs in its own model here.
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_CONFIRM_EMAIL = True
COMMENTS_XTD_MAX_THREAD_LEVEL = 1  # replies one level deep
COMMENTS_XTD_THREADED_EMAILS = False  # mail goes through django-tasks instead
COMMENTS_XTD_FROM_EMAIL = DEFAULT_FROM_EMAIL
COMMENTS_XTD_CONTACT_EMAIL = DEFAULT_FROM_EMAIL
COMMENTS_XTD_SALT = os.environ.get("COMMENTS_XTD_SALT", "townhall-comments").encode()
# An anonymous comment waits in PendingComment until its author follows the e-mailed link
# (processes/models/pending_comments.py): the link works this long (seconds), and an
# unconfirmed comment is kept this much longer, so an expired link can ask for a new one.
COMMENT_CONFIRMATION_MAX_AGE = int(os.environ.get("COMMENT_CONFIRMATION_MAX_AGE", 7 * 24 * 3600))
PENDING_COMMENT_RETENTION = int(os.environ.get("PENDING_COMMENT_RETENTION", 7 * 24 * 3600))
# Our comment model and form (clause, language, channel, area …): processes/models/comments.py.
COMMENTS_XTD_MODEL = "processes.models.Comment"
COMMENTS_XTD_FORM_CLASS = "processes.forms.CommentForm"
COMMENTS_XTD_APP_MODEL_OPTIONS = {
    "default": {"who_can_post": "all", "allow_flagging": False, "allow_feedback": False},
    "processes.consultationpage": {
        "who_can_post": "all",  # processes.rules decides, per process
        "allow_flagging": True,
        "allow_feedback": True,
        "show_feedback": True,
    },
}
# A comment flagged this many times is hidden until a moderator reviews it.
TOWNHALL_COMMENT_FLAG_THRESHOLD = int(os.environ.get("TOWNHALL_COMMENT_FLAG_THRESHOLD", "3"))

# django-import-export: exports go through the admin with permissions checked.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
# Nothing of ours is framed; Wagtail's preview and wagtail-localize's editor lift this to
# SAMEORIGIN on their own views (xframe_options_sameorigin_override).
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
