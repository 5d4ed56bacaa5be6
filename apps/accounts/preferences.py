"""Per-user preferences: the defaults, the time zones offered, read once per request."""

import zoneinfo
from functools import cache

from django.conf import settings

from .models import Preferences

# A short list, not all ~600 IANA zones: the whole list makes the settings page
# about 37 KB, more than a 10 KB phone can load.
COMMON_TIME_ZONES = (
    "Asia/Tokyo",
    "Asia/Seoul",
    "Asia/Shanghai",
    "Asia/Taipei",
    "Asia/Hong_Kong",
    "Asia/Manila",
    "Asia/Bangkok",
    "Asia/Jakarta",
    "Asia/Singapore",
    "Asia/Kolkata",
    "Asia/Dubai",
    "Europe/Moscow",
    "Europe/Istanbul",
    "Europe/Berlin",
    "Europe/Paris",
    "Europe/London",
    "UTC",
    "Africa/Johannesburg",
    "America/Sao_Paulo",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "Australia/Sydney",
    "Pacific/Auckland",
)


@cache
def known_time_zones() -> frozenset[str]:
    """Every IANA zone name this system knows."""
    return frozenset(zoneinfo.available_timezones())


def time_zone_choices(current: str | None = None) -> list[tuple[str, str]]:
    """The common zones, plus the user's own if it is another one."""
    names = list(COMMON_TIME_ZONES)
    if current and current not in names and current in known_time_zones():
        names.insert(0, current)
    return [(name, name.replace("_", " ")) for name in names]


def preferences_for(user) -> Preferences:
    """The user's preferences, or unsaved defaults (nothing is written on a read)."""
    try:
        return user.preferences
    except Preferences.DoesNotExist:
        return Preferences(
            user=user, posts_per_page=settings.TIMELINE_PAGE_SIZE, time_zone=settings.TIME_ZONE
        )
