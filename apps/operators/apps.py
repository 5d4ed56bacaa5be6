from django.contrib.admin.apps import AdminConfig


class OperatorsAdminConfig(AdminConfig):
    """Django's admin, on the operators' site (dashboard, path from ADMIN_URL)."""

    default_site = "apps.operators.site.OperatorsAdminSite"
