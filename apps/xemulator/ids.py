"""Snowflake-like ids: numeric strings that grow with time, as X's do."""

from datetime import UTC, datetime

TWITTER_EPOCH_MS = 1288834974657


def snowflake(when: datetime, sequence: int = 0) -> str:
    """The id of something created at ``when``; ``sequence`` separates same-ms items."""
    millis = int(when.timestamp() * 1000) - TWITTER_EPOCH_MS
    return str((millis << 22) | (1 << 17) | (sequence & 0xFFF))


def created_at(snowflake_id: str) -> datetime:
    """The creation time encoded in a snowflake id."""
    millis = (int(snowflake_id) >> 22) + TWITTER_EPOCH_MS
    return datetime.fromtimestamp(millis / 1000, tz=UTC)


def iso(when: datetime) -> str:
    """X's timestamp format: ``2020-02-18T19:33:59.000Z``."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"
