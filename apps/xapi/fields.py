"""The fields and expansions the gateway asks X for, per kind of object.

Reference: shared/reference/xapi.md §2.1.
"""

# What a post needs to be rendered: author, retweeted/quoted originals with their
# authors and media, long-post text (xapi.md §2.1 "Suggested home-timeline call").
POST_FIELDS = {
    "expansions": (
        "author_id",
        "referenced_tweets.id",
        "referenced_tweets.id.author_id",
        "referenced_tweets.id.attachments.media_keys",
        "attachments.media_keys",
    ),
    "tweet.fields": (
        "created_at",
        "author_id",
        "conversation_id",
        "in_reply_to_user_id",
        "referenced_tweets",
        "entities",
        "attachments",
        "note_tweet",
        "public_metrics",
        "display_text_range",
        "lang",
    ),
    "user.fields": (
        "username",
        "name",
        "verified",
        "protected",
        "profile_image_url",
    ),
    "media.fields": ("type", "url", "preview_image_url", "width", "height", "alt_text"),
}
# What a profile or a user list shows (xapi.md §2.1 user.fields).
USER_FIELDS = {
    "user.fields": (
        "username",
        "name",
        "verified",
        "protected",
        "profile_image_url",
        "description",
        "public_metrics",
        "pinned_tweet_id",
        "entities",
        "location",
        "url",
        "created_at",
        "connection_status",
    ),
}
# A message with its sender looked up (xapi.md §2.1 dm_events; default fields are
# only id, event_type and text).
DM_FIELDS = {
    "dm_event.fields": (
        "id",
        "event_type",
        "text",
        "sender_id",
        "created_at",
        "dm_conversation_id",
        "referenced_tweets",
        "participant_ids",
        "attachments",
        "entities",
    ),
    "expansions": ("sender_id", "participant_ids"),
    "user.fields": USER_FIELDS["user.fields"],
}
LIST_FIELDS = {
    "list.fields": (
        "created_at",
        "description",
        "follower_count",
        "member_count",
        "owner_id",
        "private",
    ),
    "expansions": ("owner_id",),
    "user.fields": USER_FIELDS["user.fields"],
}
