"""Per-user preferences: read once per request, applied to language and time zone."""

import zoneinfo
from functools import cache

from django.conf import settings

from .models import Preferences


@cache
def time_zones() -> tuple[str, ...]:
    """Every IANA zone name this system knows, sorted."""
    return tuple(sorted(zoneinfo.available_timezones()))


def preferences_for(user) -> Preferences:
    """The user's preferences, or unsaved defaults (nothing is written on a read)."""
    try:
        return user.preferences
    except Preferences.DoesNotExist:
        return Preferences(
            user=user, posts_per_page=settings.TIMELINE_PAGE_SIZE, time_zone=settings.TIME_ZONE
        )
