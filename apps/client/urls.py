from django.urls import path, re_path, register_converter

from .converters import XIdConverter, XUsernameConverter
from .views import (
    compose,
    dms,
    exit,
    lists,
    outbox,
    posts,
    preferences,
    search,
    timelines,
    top,
    users,
)

register_converter(XIdConverter, "xid")
register_converter(XUsernameConverter, "xname")

app_name = "client"

urlpatterns = [
    path("", top.top, name="top"),
    path("keys/", top.keys, name="keys"),
    path("home/", timelines.home, name="home"),
    path("mentions/", timelines.mentions, name="mentions"),
    path("post/", compose.post, name="post"),
    path("p/<xid:post_id>/", posts.post_detail, name="post_detail"),
    path("p/<xid:post_id>/quote/", posts.quote, name="quote"),
    path("p/<xid:post_id>/like/", posts.like, name="like"),
    path("p/<xid:post_id>/unlike/", posts.unlike, name="unlike"),
    path("p/<xid:post_id>/repost/", posts.retweet, name="retweet"),
    path("p/<xid:post_id>/unrepost/", posts.unretweet, name="unretweet"),
    path("p/<xid:post_id>/delete/", posts.delete, name="delete"),
    path("u/<xname:username>/", users.profile, name="profile"),
    path("u/<xname:username>/followers/", users.followers, name="followers"),
    path("u/<xname:username>/following/", users.following, name="following"),
    path("u/<xname:username>/follow/", users.follow, name="follow"),
    path("u/<xname:username>/unfollow/", users.unfollow, name="unfollow"),
    path("search/", search.search, name="search"),
    path("dm/", dms.dm_list, name="dm_list"),
    path("dm/<xname:username>/", dms.dm_conversation, name="dm_conversation"),
    # X numbers a group conversation with 15 to 19 digits.
    re_path(r"^dm/group/(?P<conversation_id>[0-9]{15,19})/$", dms.dm_group, name="dm_group"),
    path("lists/", lists.lists, name="lists"),
    path("lists/<xid:list_id>/", lists.list_detail, name="list_detail"),
    path("settings/", preferences.preferences, name="settings"),
    path("exit/", exit.exit_page, name="exit"),
    path("outbox/", outbox.outbox_list, name="outbox"),
    path("outbox/<int:item_id>/send/", outbox.outbox_retry, name="outbox_retry"),
    path("outbox/<int:item_id>/discard/", outbox.outbox_discard, name="outbox_discard"),
]
