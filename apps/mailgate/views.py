"""The posting-address page: show the secret address, rotate it, choose notices."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .addresses import address_get_or_create, posting_address
from .alerts import notices_opt_in
from .models import PostingAddress
from .services import address_rotate_and_tell


class NoticesForm(forms.ModelForm):
    class Meta:
        model = PostingAddress
        fields = ("notify_results", "notify_mentions", "notify_dms")
        labels = {
            "notify_results": gettext_lazy("Mail me what became of each mail post"),
            "notify_mentions": gettext_lazy("Mail me new mentions"),
            "notify_dms": gettext_lazy("Mail me new direct messages"),
        }


@login_required
def address(request):
    """The user's posting address with a mailto: link, and the notice choices."""
    stored = address_get_or_create(request.user)
    form = NoticesForm(request.POST or None, instance=stored)
    if request.method == "POST":
        if form.is_valid():
            notices_opt_in(form.save(commit=False))
            messages.success(request, _("Settings saved."))
            return redirect("mailgate:address")
        status = 400
    else:
        status = 200
    return render(
        request,
        "mailgate/address.html",
        {"address": posting_address(stored), "stored": stored, "form": form},
        status=status,
    )


@require_POST
@login_required
def rotate(request):
    """Replace the secret address; mail to the old one is refused from now on."""
    address_rotate_and_tell(request.user)
    messages.success(request, _("You have a new posting address. The old one no longer works."))
    return redirect("mailgate:address")
