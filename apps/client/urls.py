from django.urls import path

from .views import pages

app_name = "client"

urlpatterns = [
    path("", pages.top, name="top"),
    path("home/", pages.home, name="home"),
    path("mentions/", pages.mentions, name="mentions"),
    path("post/", pages.post, name="post"),
]
