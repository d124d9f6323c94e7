"""Inservice settings: one module, read from the environment.

SQLite and an embedded task queue by default, so `make run` needs no other service;
PostgreSQL and Redis in production through DATABASE_URL and REDIS_URL. An optional,
git-ignored `inservice/local_settings.py` is imported last.
"""

import contextlib
import os
from pathlib import Path
from typing import Any
from zoneinfo import available_timezones

import dj_database_url
import django_stubs_ext
from celery.schedules import crontab

# Lets typed code subscript Django's generic classes (ModelAdmin[Ticket], QuerySet[Ticket]) at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.getenv("INSERVICE_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str) -> str:
    return os.getenv(name, default)


def env_int(name: str, default: int) -> int:
    value = os.getenv(name)
    return default if value in (None, "") else int(value)


def env_bool(name: str, default: bool) -> bool:
    value = os.getenv(name, "")
    if value == "":
        return default
    if value.lower() not in ("true", "false"):
        raise ValueError(f"{name} must be true or false, not {value!r}")
    return value.lower() == "true"


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


SECRET_KEY = env_str("SECRET_KEY", "dev-only-secret-key-change-me-in-production-0123456789")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
SITE_NAME = "Inservice"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "inservice.org",
    "inservice.catalog",
    "inservice.tickets",
    "inservice.notifications",
    "inservice.sla",
    "inservice.workflows",
    "inservice.feedback",
    "inservice.kudos",
    "inservice.learning",
    "inservice.knowledge",
    "inservice.insights",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "inservice.lib.timezones.ViewerTimeZoneMiddleware",
]

ROOT_URLCONF = "inservice.urls"
WSGI_APPLICATION = "inservice.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "inservice" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "inservice.notifications.context_processors.unread_notifications",
                "inservice.org.context_processors.navigation",
            ],
            "builtins": ["django.templatetags.i18n"],
        },
    }
]

SQLITE_PATH = VAR_DIR / "inservice.sqlite3"
DATABASES: dict[str, Any] = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at BEGIN so two
    # writers queue on busy_timeout instead of failing with "database is locked" mid-transaction.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": env_str("SQLITE_TEST_NAME", "") or None}
else:
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The saved-view counts use a covering index (INCLUDE id) on PostgreSQL; SQLite builds the same
# index without the included column, which only makes it a little less useful there.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
AUTH_USER_MODEL = "org.Person"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
PASSWORD_HASHERS = env_list("PASSWORD_HASHERS", "django.contrib.auth.hashers.PBKDF2PasswordHasher")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
LOCALE_PATHS = [BASE_DIR / "inservice" / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "inservice" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Attachments live outside the static root and are only ever served by a view that checks who
# may see the request (tickets.views.attachments); MEDIA_URL is never routed.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media-not-served/"
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
ATTACHMENT_ALLOWED_EXTENSIONS = env_list(
    "ATTACHMENT_ALLOWED_EXTENSIONS",
    "pdf,png,jpg,jpeg,gif,txt,csv,docx,xlsx,pptx,odt,ods,zip,log,eml",
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The request lifecycle's time rules: a requester may reopen a resolved request for
# REOPEN_WINDOW_DAYS; a resolved request closes by itself AUTO_CLOSE_AFTER_DAYS after resolution
# (closed is final, so the effective window is the shorter of the two).
REOPEN_WINDOW_DAYS = env_int("REOPEN_WINDOW_DAYS", 7)
AUTO_CLOSE_AFTER_DAYS = env_int("AUTO_CLOSE_AFTER_DAYS", 7)
# A request transferred more than TRANSFER_FLAG_AFTER times is flagged to the leads of every team
# that held it, once, at the transfer that goes past it (decision 0026).
TRANSFER_FLAG_AFTER = env_int("TRANSFER_FLAG_AFTER", 3)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Inservice <inservice@example.org>")

REDIS_URL = env_str("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, Any] = (
    {}
    if REDIS_URL
    else {
        "data_folder_in": str(VAR_DIR / "celery" / "queue"),
        "data_folder_out": str(VAR_DIR / "celery" / "queue"),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "store_processed": False,
    }
)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery" / "beat-schedule")
CELERY_BEAT_SCHEDULE: dict[str, Any] = {
    # The dashboards' daily rollups: today and yesterday often, the last 35 days nightly.
    "refresh-insights-recent": {
        "task": "inservice.insights.tasks.refresh_recent",
        "schedule": crontab(minute="*/15"),
    },
    "refresh-insights-trailing": {
        "task": "inservice.insights.tasks.refresh_trailing",
        "schedule": crontab(hour=2, minute=41),
    },
    # Quarterly health checks: on the first days of a quarter, after the nightly refresh.
    "generate-health-checks": {
        "task": "inservice.insights.tasks_health.generate_quarterly",
        "schedule": crontab(hour=6, minute=53),
    },
    "sweep-service-levels": {
        "task": "inservice.sla.tasks.sweep_clocks",
        "schedule": crontab(),  # every minute
    },
    "lapse-promises": {
        "task": "inservice.sla.tasks.lapse_promises",
        "schedule": crontab(),  # every minute: a promise is broken when its time passes
    },
    "close-resolved-requests": {
        "task": "inservice.tickets.tasks.close_resolved_tickets",
        "schedule": crontab(minute="*/15"),
    },
    "retry-stalled-deliveries": {
        "task": "inservice.notifications.tasks.retry_stalled_deliveries",
        "schedule": crontab(minute="*/5"),
    },
    # Hourly: digests go to the people whose local time is now in the 08:00 hour.
    "send-digests": {
        "task": "inservice.notifications.tasks.send_digests",
        "schedule": crontab(minute=5),
    },
    # Hourly, not daily: each person comes back within the hour after midnight where they live.
    "end-past-absences": {
        "task": "inservice.org.tasks.end_past_absences",
        "schedule": crontab(minute=7),
    },
    # Daily: the leads of both teams hear two weeks before an agreement's review date.
    "remind-agreement-reviews": {
        "task": "inservice.workflows.tasks.remind_agreement_reviews",
        "schedule": crontab(hour=6, minute=17),
    },
    # Hourly: anonymous suggestions reach their team at the end of the day they were made in
    # the team's zone (so no notification dates them); then overdue ones and concerns escalate.
    "announce-suggestions": {
        "task": "inservice.feedback.tasks_suggestions.announce_suggestions",
        "schedule": crontab(minute=2),
    },
    "escalate-overdue-suggestions": {
        "task": "inservice.feedback.tasks_suggestions.escalate_overdue",
        "schedule": crontab(minute=12),
    },
    # Hourly: pulse surveys open on their day, remind two days before closing, and close
    # (releasing their results) once their closing day has come.
    "sweep-surveys": {
        "task": "inservice.feedback.tasks_surveys.sweep_surveys",
        "schedule": crontab(minute=11),
    },
    # Daily: internal NPS campaigns that open today, and each quarter's follow-on campaigns.
    "open-nps-campaigns": {
        "task": "inservice.feedback.tasks_nps.open_due_campaigns",
        "schedule": crontab(hour=5, minute=23),
    },
    "start-quarterly-nps": {
        "task": "inservice.feedback.tasks_nps.start_quarterly_campaigns",
        "schedule": crontab(hour=5, minute=13),
    },
    # Every minute: kudos past their giver's 10-minute delete window reach their recipients
    # (a team's members) and, by each recipient's choice, their managers.
    "tell-kudos": {
        "task": "inservice.kudos.tasks.tell_due",
        "schedule": crontab(),
    },
    # Monthly, on the 1st: everyone hears of last month's kudos highlights, in batches.
    "kudos-monthly-highlights": {
        "task": "inservice.kudos.tasks.send_monthly_highlights",
        "schedule": crontab(day_of_month=1, hour=7, minute=3),
    },
    # Daily: assignments due in three days, and those just overdue, remind their people once.
    "remind-learning": {
        "task": "inservice.learning.tasks.send_reminders",
        "schedule": crontab(hour=7, minute=3),
    },
    # Daily: owners hear of their published articles past their review date, once per date.
    "flag-articles-past-review": {
        "task": "inservice.knowledge.tasks.flag_articles_past_review",
        "schedule": crontab(hour=6, minute=29),
    },
    # Daily: a marked rise in negative feedback about a team is flagged to its leads.
    "flag-negative-feedback": {
        "task": "inservice.feedback.tasks_trends.flag_negative_rises",
        "schedule": crontab(hour=6, minute=41),
    },
}

# The team (by its request key prefix) that owns suggestions made to the whole organisation;
# empty: the administrators answer them.
FEEDBACK_ORG_SUGGESTIONS_TEAM = env_str("FEEDBACK_ORG_SUGGESTIONS_TEAM", "")
# The time zone whose days the dashboards count in (decision 0034).
INSIGHTS_TIME_ZONE = env_str("INSIGHTS_TIME_ZONE", "UTC")
if INSIGHTS_TIME_ZONE not in available_timezones():
    raise ValueError(
        f"INSIGHTS_TIME_ZONE: {INSIGHTS_TIME_ZONE!r} is not a time zone, e.g. Europe/Berlin."
    )

# How many kudos one person may give in a day (their own calendar day).
KUDOS_DAILY_LIMIT = env_int("KUDOS_DAILY_LIMIT", 10)

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 50

with contextlib.suppress(ImportError):
    from inservice.local_settings import *  # type: ignore[import-not-found]  # noqa: F403 — optional, git-ignored
