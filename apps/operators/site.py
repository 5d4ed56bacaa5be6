"""The operators' admin site: Django's admin plus a dashboard page for staff."""

from django.contrib import admin
from django.urls import path


class OperatorsAdminSite(admin.AdminSite):
    """Staff only (Django's admin rules); failed sign-ins are counted by django-axes."""

    site_header = "yubitter operators"
    site_title = "yubitter operators"
    index_template = "operators/index.html"

    def get_urls(self):
        from .views import dashboard

        return [
            path("dashboard/", self.admin_view(dashboard), name="dashboard"),
            *super().get_urls(),
        ]
