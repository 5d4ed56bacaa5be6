"""The gateway's URLs plus one view that fails, to see the 500 page a phone gets."""

from django.urls import path

from yubitter.urls import *  # noqa: F403
from yubitter.urls import urlpatterns as gateway_urlpatterns


def fails(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [*gateway_urlpatterns, path("fails/", fails)]
