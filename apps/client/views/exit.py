"""The exit page: names where an outside link goes before the phone leaves the site."""

from urllib.parse import urlsplit

from django.shortcuts import render

from ..rendering import exit_target


def exit_page(request):
    url = exit_target(request.GET.get("to", ""))
    if url is None:
        return render(request, "client/exit.html", {"url": None}, status=400)
    return render(request, "client/exit.html", {"url": url, "host": urlsplit(url).hostname})
