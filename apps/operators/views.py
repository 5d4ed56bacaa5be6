"""The staff dashboard: how the gateway is doing today, on one page."""

from django.contrib import admin
from django.template.response import TemplateResponse

from .dashboard import dashboard_figures


def dashboard(request):
    """Figures from the database and the cache, read-only (the admin site checks staff)."""
    context = {
        **admin.site.each_context(request),
        "title": "Dashboard",
        "figures": dashboard_figures(),
    }
    return TemplateResponse(request, "operators/dashboard.html", context)
