"""The gateway's URLs. The X emulator has its own (apps/xemulator/urls.py)."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("apps.accounts.urls")),
    path("", include("apps.client.urls")),
    path("", include("apps.photos.urls")),
    path("", include("apps.mailgate.urls")),
]

handler400 = "apps.client.views.errors.bad_request"
handler404 = "apps.client.views.errors.not_found"
handler500 = "apps.client.views.errors.server_error"
