"""The top page: what this is, and the way in."""

from django.shortcuts import redirect, render


def top(request):
    """Signed-in users go straight to their home timeline."""
    if request.user.is_authenticated and hasattr(request.user, "x_account"):
        return redirect("client:home")
    return render(request, "client/top.html")


def keys(request):
    """What each phone key does (the access keys every page shows as [1], [#] ...)."""
    return render(request, "client/keys.html")
