"""The emulator's routes: X's paths, plus the /_emulator/ control API for tests.

Not part of the gateway's URLconf: ``EmulatorApp`` resolves against this module.
"""

from django.urls import path, re_path

from .v2 import by_method
from .views import (
    control,
    dms,
    engagement,
    follows,
    lists,
    media,
    media_upload,
    oauth,
    search,
    timelines,
    tweets,
    users,
)

urlpatterns = [
    path("oauth/request_token", oauth.request_token),
    path("oauth/authorize", oauth.authorize),
    path("oauth/authenticate", oauth.authorize),
    path("oauth/access_token", oauth.access_token),
    re_path(r"^1\.1/oauth/invalidate_token(?:\.json)?$", oauth.invalidate_token),
    path("2/users", by_method(GET=users.by_ids)),
    path("2/users/me", users.me),
    path("2/users/by", by_method(GET=users.by_usernames)),
    path("2/users/by/username/<str:username>", users.by_username),
    path("2/users/<str:user_id>/timelines/reverse_chronological", timelines.home),
    path("2/users/<str:user_id>/mentions", timelines.mentions),
    path("2/users/<str:user_id>/tweets", timelines.user_tweets),
    path("2/users/<str:user_id>/likes", by_method(POST=engagement.like)),
    path("2/users/<str:user_id>/likes/<str:post_id>", by_method(DELETE=engagement.unlike)),
    path("2/users/<str:user_id>/liked_tweets", by_method(GET=engagement.liked_tweets)),
    path("2/users/<str:user_id>/retweets", by_method(POST=engagement.retweet)),
    path("2/users/<str:user_id>/retweets/<str:post_id>", by_method(DELETE=engagement.unretweet)),
    path(
        "2/users/<str:user_id>/following",
        by_method(GET=follows.following, POST=follows.follow),
    ),
    path("2/users/<str:source_id>/following/<str:target_id>", by_method(DELETE=follows.unfollow)),
    path("2/users/<str:user_id>/followers", by_method(GET=follows.followers)),
    path("2/users/<str:user_id>/muting", by_method(GET=follows.muting, POST=follows.mute)),
    path("2/users/<str:source_id>/muting/<str:target_id>", by_method(DELETE=follows.unmute)),
    path("2/users/<str:user_id>/owned_lists", by_method(GET=lists.owned)),
    path("2/users/<str:user_id>", users.by_id),
    path("2/tweets", by_method(GET=tweets.by_ids, POST=tweets.create)),
    path("2/tweets/search/recent", by_method(GET=search.recent)),
    path("2/tweets/<str:post_id>/liking_users", by_method(GET=engagement.liking_users)),
    path("2/tweets/<str:post_id>", by_method(GET=tweets.by_id, DELETE=tweets.delete)),
    path("2/lists/<str:list_id>", by_method(GET=lists.by_id)),
    path("2/lists/<str:list_id>/tweets", by_method(GET=lists.tweets)),
    path("2/dm_events", by_method(GET=dms.events)),
    path(
        "2/dm_conversations/with/<str:participant_id>/dm_events",
        by_method(GET=dms.events_with),
    ),
    path("2/dm_conversations/with/<str:participant_id>/messages", by_method(POST=dms.send_with)),
    path(
        "2/dm_conversations/<str:conversation_id>/dm_events",
        by_method(GET=dms.conversation_events),
    ),
    path("2/dm_conversations/<str:conversation_id>/messages", by_method(POST=dms.send)),
    path("2/media/upload", by_method(POST=media_upload.upload)),
    re_path(r"^1\.1/media/upload\.json$", media_upload.upload_v1),
    path("_media/<str:name>", media.serve),
    path("_emulator/faults", control.faults),
    path("_emulator/reset", control.reset),
    path("_emulator/posts", control.posts),
    path("_emulator/tier", control.tier),
    path("_emulator/enrollment", control.enrollment),
    path("_emulator/stats", control.stats),
    path("_emulator/credits", control.credits),
    path("_emulator/rate_limits", control.rate_limits),
    path("_emulator/callbacks", control.callbacks),
]
