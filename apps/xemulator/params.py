"""Query parameter checks that X applies, each failing with its 400 validation envelope."""

import re
from datetime import datetime

from django.http import HttpRequest

from .problems import InvalidRequest

TWEET_FIELDS = frozenset(
    "article attachments author_id card_uri community_id context_annotations conversation_id "
    "created_at display_text_range edit_controls edit_history_tweet_ids entities geo id "
    "in_reply_to_user_id lang matched_media_notes media_metadata non_public_metrics "
    "note_request_suggestions note_tweet organic_metrics paid_partnership possibly_sensitive "
    "promoted_metrics public_metrics referenced_tweets reply_settings scopes source "
    "suggested_source_links suggested_source_links_with_counts text withheld".split()
)
USER_FIELDS = frozenset(
    "affiliation confirmed_email connection_status created_at description entities id "
    "is_identity_verified location most_recent_tweet_id name parody pinned_tweet_id "
    "profile_banner_url profile_image_url protected public_metrics receives_your_dm "
    "subscription subscription_type url username verified verified_followers_count "
    "verified_type withheld".split()
)
MEDIA_FIELDS = frozenset(
    "alt_text duration_ms height media_key non_public_metrics organic_metrics "
    "preview_image_url promoted_metrics public_metrics type url variants width".split()
)
TWEET_EXPANSIONS = frozenset(
    "article.cover_media article.media_entities attachments.media_keys "
    "attachments.media_source_tweet attachments.poll_ids author_id edit_history_tweet_ids "
    "entities.mentions.username geo.place_id in_reply_to_user_id "
    "entities.note.mentions.username referenced_tweets.id "
    "referenced_tweets.id.attachments.media_keys referenced_tweets.id.author_id".split()
)
USER_EXPANSIONS = frozenset("affiliation.user_id most_recent_tweet_id pinned_tweet_id".split())
LIST_FIELDS = frozenset(
    "created_at description follower_count id member_count name owner_id private".split()
)
LIST_EXPANSIONS = frozenset({"owner_id"})
DM_EVENT_FIELDS = frozenset(
    "attachments created_at dm_conversation_id entities event_type id participant_ids "
    "referenced_tweets sender_id text".split()
)
DM_EXPANSIONS = frozenset(
    "attachments.media_keys participant_ids referenced_tweets.id sender_id".split()
)
DM_EVENT_TYPES = frozenset({"MessageCreate", "ParticipantsJoin", "ParticipantsLeave"})

# Field parameters every post-returning endpoint takes; post.fields is the 2026 spelling.
TWEET_PARAMS = frozenset(
    "tweet.fields post.fields expansions user.fields media.fields poll.fields place.fields".split()
)
USER_PARAMS = frozenset("user.fields expansions tweet.fields post.fields".split())
USER_PAGE_PARAMS = USER_PARAMS | {"max_results", "pagination_token"}
LIST_PARAMS = frozenset("list.fields expansions user.fields".split())
DM_PARAMS = frozenset(
    "dm_event.fields expansions user.fields tweet.fields post.fields media.fields "
    "max_results pagination_token event_types".split()
)
PAGING_PARAMS = frozenset(
    "max_results pagination_token since_id until_id start_time end_time".split()
)
_SNOWFLAKE = re.compile(r"^[0-9]{1,19}$")


class Query:
    """The query string of one request, checked against the parameters an endpoint takes."""

    def __init__(self, request: HttpRequest, allowed: frozenset[str]):
        self.values: dict[str, str] = {}
        for name, values in request.GET.lists():
            if name.startswith("oauth_"):
                continue
            if name not in allowed:
                raise InvalidRequest(
                    f"The query parameter [{name}] is not one of [{','.join(sorted(allowed))}]",
                    {name: values},
                )
            # X behaviour: duplicate keys are rejected; lists are comma-separated.
            if len(values) > 1:
                raise InvalidRequest(
                    f"The `{name}` query parameter can only be provided once", {name: values}
                )
            self.values[name] = values[0]

    def get(self, name: str) -> str | None:
        """The raw value, or None when absent."""
        return self.values.get(name)

    def csv(self, name: str, allowed: frozenset[str]) -> set[str]:
        """A comma-separated list whose items must all be in ``allowed``."""
        raw = self.values.get(name)
        if raw is None:
            return set()
        items = [item for item in raw.split(",")]
        for item in items:
            if item not in allowed:
                raise InvalidRequest(
                    f"The `{name}` query parameter value [{item}] is not one of "
                    f"[{','.join(sorted(allowed))}]",
                    {name: [raw]},
                )
        return set(items)

    def tweet_fields(self) -> set[str]:
        """tweet.fields, also spelled post.fields."""
        return self.csv("tweet.fields", TWEET_FIELDS) | self.csv("post.fields", TWEET_FIELDS)

    def max_results(self, low: int, high: int, default: int) -> int:
        """max_results within [low, high]."""
        raw = self.values.get("max_results")
        if raw is None:
            return default
        if not raw.isdigit() or not low <= int(raw) <= high:
            raise InvalidRequest(
                f"The `max_results` query parameter value [{raw}] is not between {low} and {high}",
                {"max_results": [raw]},
            )
        return int(raw)

    def snowflake(self, name: str) -> int | None:
        """An id parameter such as since_id (1 to 19 digits)."""
        raw = self.values.get(name)
        if raw is None:
            return None
        if not _SNOWFLAKE.match(raw):
            raise InvalidRequest(
                f"The `{name}` query parameter value [{raw}] does not match ^[0-9]{{1,19}}$",
                {name: [raw]},
            )
        return int(raw)

    def time(self, name: str) -> datetime | None:
        """An RFC 3339 time such as start_time."""
        raw = self.values.get(name)
        if raw is None:
            return None
        try:
            return datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            raise InvalidRequest(
                f"Invalid '{name}':'{raw}'. '{name}' must be a valid RFC 3339 date-time",
                {name: [raw]},
            ) from None

    def ids(self, name: str, limit: int = 100) -> list[str]:
        """A required comma-separated list of 1 to ``limit`` numeric ids."""
        raw = self.values.get(name)
        if not raw:
            raise InvalidRequest(
                f"The `{name}` query parameter can not be empty", {name: [raw or ""]}
            )
        items = raw.split(",")
        if len(items) > limit:
            raise InvalidRequest(
                f"The number of values in the `{name}` query parameter list [{len(items)}] is "
                f"not between 1 and {limit}",
                {name: [raw]},
            )
        for item in items:
            if not _SNOWFLAKE.match(item):
                raise InvalidRequest(
                    f"The `{name}` query parameter value [{item}] is not valid", {name: [raw]}
                )
        return items


def check_body_id(payload: dict, name: str) -> str:
    """A required id in a JSON body (``tweet_id``, ``target_user_id``), as a string."""
    value = payload.get(name)
    if value is None:
        raise InvalidRequest(f"$.{name}: is missing but it is required", {name: []})
    if not isinstance(value, str | int) or not _SNOWFLAKE.match(str(value)):
        raise InvalidRequest(
            f"$.{name}: does not match the regex pattern ^[0-9]{{1,19}}$",
            {name: [str(value)]},
        )
    return str(value)


def check_path_id(name: str, value: str) -> None:
    """Path ids follow the same 1-19 digit rule."""
    if not _SNOWFLAKE.match(value):
        raise InvalidRequest(
            f"The `{name}` query parameter value [{value}] does not match ^[0-9]{{1,19}}$",
            {name: [value]},
        )
