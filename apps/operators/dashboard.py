"""The figures on the staff dashboard, read from the database and the cache."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from apps.accounts.models import HandOff, PhoneSession, XAccount
from apps.client.models import OutboxItem
from apps.keitai import ipranges
from apps.mailgate.models import MailLog
from apps.xapi import pricing, ratelimit_state, spending
from apps.xapi.models import XSpend

from . import counters


def _timed(check) -> dict:
    started = time.monotonic()
    try:
        ok = check()
        error = "" if ok else "wrong answer"
    except Exception as exc:  # the dashboard reports the failure, it does not raise it
        ok, error = False, f"{type(exc).__name__}: {exc}"[:200]
    return {"ok": ok, "ms": round((time.monotonic() - started) * 1000, 1), "error": error}


def _cache_round_trip() -> bool:
    key, value = "dashboard:health", uuid.uuid4().hex
    cache.set(key, value, timeout=30)
    return cache.get(key) == value


def _database_round_trip() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0] == 1


def health() -> dict:
    """Whether the cache and the database answer, and how fast."""
    return {"cache": _timed(_cache_round_trip), "database": _timed(_database_round_trip)}


def outbox_figures() -> dict:
    """What waits in the outbox, and since when."""
    waiting = OutboxItem.objects.filter(status=OutboxItem.Status.PENDING)
    oldest = waiting.order_by("created_at").first()
    return {
        "backlog": waiting.count(),
        "oldest": oldest,
        "oldest_age": timezone.now() - oldest.created_at if oldest else None,
    }


def carrier_ranges() -> list[dict]:
    """The carrier gateway ranges in force (a JSON file, shown read-only)."""
    return [
        {"carrier": carrier, "ranges": [str(net) for net in networks]}
        for carrier, networks in sorted(ipranges.ranges().items())
    ]


def _start_of_today():
    # A range, not __date: MariaDB without time-zone tables cannot convert for __date.
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


def mail_figures() -> dict:
    """Mail received today, and what became of it."""
    today = MailLog.objects.filter(received_at__gte=_start_of_today())
    return {
        "received_today": today.count(),
        "posted_today": today.filter(result=MailLog.Result.POSTED).count(),
        "refused_today": today.filter(
            result__in=[MailLog.Result.REFUSED, MailLog.Result.UNKNOWN]
        ).count(),
    }


def credit_figures() -> dict:
    """Whether X said the app's credits were spent, and what waits for credits."""
    waiting = OutboxItem.objects.filter(status=OutboxItem.Status.WAITING_CREDITS)
    return {"waiting": waiting.count(), "exhausted_at": spending.credits_exhausted_at()}


def spend_figures(days: int = 7, top: int = 10) -> dict:
    """X spending at the configured rates: by day, and today by endpoint, page and user."""
    spending.flush()  # this process's tally; other processes write theirs within seconds
    today = spending.today()
    since = today - timedelta(days=days - 1)
    rows = XSpend.objects.filter(day__gte=since)

    def dollars(query, *fields):
        grouped = query.values(*fields).annotate(micros=Sum("micros"), calls=Sum("calls"))
        return [
            {
                **{f: row[f] for f in fields},
                "usd": pricing.usd(row["micros"]),
                "calls": row["calls"],
            }
            for row in grouped.order_by("-micros")
        ]

    todays = rows.filter(day=today)
    accounts = dict(XAccount.objects.values_list("x_user_id", "screen_name"))
    by_user = dollars(todays, "x_user_id")[:top]
    for row in by_user:
        row["screen_name"] = accounts.get(row["x_user_id"], "")
    return {
        "by_day": sorted(dollars(rows, "day"), key=lambda row: row["day"], reverse=True),
        "by_endpoint": dollars(todays, "endpoint")[:top],
        "by_page": dollars(todays, "page")[:top],
        "by_user": by_user,
        "cap_per_user": settings.X_DAILY_CAP_PER_USER,
        "cap_total": settings.X_DAILY_CAP_TOTAL,
        "access": settings.X_ACCESS,
    }


def dashboard_figures() -> dict:
    """Everything the dashboard shows (figures kept in the cache are None when it is down)."""
    now = timezone.now()
    checks = health()
    # A dead memcached node reads as "no such key" (0), not as an error: say "down" instead.
    cache_up = checks["cache"]["ok"]
    return {
        "users": {
            "total": get_user_model().objects.count(),
            "linked": XAccount.objects.count(),
            "linked_today": XAccount.objects.filter(linked_at__gte=_start_of_today()).count(),
            "active_today": counters.today(counters.USERS_ACTIVE) if cache_up else None,
            "phones": PhoneSession.objects.count(),
            "handoffs_last_hour": HandOff.objects.filter(
                created_at__gte=now - timedelta(hours=1)
            ).count(),
        },
        "posts": {"web_today": counters.today(counters.POSTS_WEB) if cache_up else None},
        "mail": mail_figures(),
        "outbox": outbox_figures(),
        "x_credits": credit_figures(),
        "x_spend": spend_figures(),
        "x_rate_limits": ratelimit_state.summary(),
        "x_errors_last_hour": ratelimit_state.errors_last_hour() if cache_up else None,
        "health": checks,
        "carrier_ranges": carrier_ranges(),
    }
