"""The proxy mounted at the root, as yubitter/urls.py will mount it."""

from django.urls import include, path

urlpatterns = [path("", include("apps.photos.urls"))]
