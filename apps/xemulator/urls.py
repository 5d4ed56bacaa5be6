"""The emulator's routes: X's paths, plus the /_emulator/ control API for tests.

Not part of the gateway's URLconf: ``EmulatorApp`` resolves against this module.
"""

from django.urls import path, re_path

from .v2 import by_method
from .views import control, oauth, timelines, tweets, users

urlpatterns = [
    path("oauth/request_token", oauth.request_token),
    path("oauth/authorize", oauth.authorize),
    path("oauth/authenticate", oauth.authorize),
    path("oauth/access_token", oauth.access_token),
    re_path(r"^1\.1/oauth/invalidate_token(?:\.json)?$", oauth.invalidate_token),
    path("2/users/me", users.me),
    path("2/users/by/username/<str:username>", users.by_username),
    path("2/users/<str:user_id>/timelines/reverse_chronological", timelines.home),
    path("2/users/<str:user_id>/mentions", timelines.mentions),
    path("2/users/<str:user_id>/tweets", timelines.user_tweets),
    path("2/users/<str:user_id>", users.by_id),
    path("2/tweets", by_method(GET=tweets.by_ids, POST=tweets.create)),
    path("2/tweets/<str:post_id>", by_method(GET=tweets.by_id, DELETE=tweets.delete)),
    path("_emulator/faults", control.faults),
    path("_emulator/reset", control.reset),
    path("_emulator/posts", control.posts),
]
