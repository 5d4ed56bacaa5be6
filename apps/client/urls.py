from django.urls import path

from .views import outbox, pages

app_name = "client"

urlpatterns = [
    path("", pages.top, name="top"),
    path("home/", pages.home, name="home"),
    path("mentions/", pages.mentions, name="mentions"),
    path("post/", pages.post, name="post"),
    path("outbox/", outbox.outbox_list, name="outbox"),
    path("outbox/<int:item_id>/send/", outbox.outbox_retry, name="outbox_retry"),
    path("outbox/<int:item_id>/discard/", outbox.outbox_discard, name="outbox_discard"),
]
