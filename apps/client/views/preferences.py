"""The settings page: stored per user."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apps.accounts.preferences import preferences_for

from ..forms import PreferencesForm


@login_required
def preferences(request):
    prefs = preferences_for(request.user)
    form = PreferencesForm(request.POST or None, instance=prefs)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Settings saved."))
            return redirect("client:settings")
        return render(request, "client/settings.html", {"form": form}, status=400)
    return render(request, "client/settings.html", {"form": form})
