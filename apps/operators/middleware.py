"""Counts signed-in users (not staff) once a day for the dashboard (one cache add per request)."""

from . import counters
from .counters import USERS_ACTIVE


class ActivityMiddleware:
    """A signed-in request marks its user active today."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        # Operators reading the admin are not the users the figure is about.
        if user is not None and user.is_authenticated and not user.is_staff:
            counters.count_distinct_today(USERS_ACTIVE, str(user.pk))
        return response
