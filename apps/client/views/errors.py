"""Error pages: plain, small, and in the device's markup like every other page."""

from django.shortcuts import render


def bad_request(request, exception=None):
    # Django's own needs the CSRF token, which fails before the session exists.
    return render(request, "400.html", status=400)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
