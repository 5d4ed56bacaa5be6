"""The outbox pages: what X has not taken yet, with send-now and discard."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import outbox
from ..models import OutboxItem


@login_required
def outbox_list(request):
    return render(request, "client/outbox.html", {"items": outbox.outbox_open(request.user)})


@login_required
@require_POST
def outbox_retry(request, item_id):
    item = get_object_or_404(OutboxItem, pk=item_id, user=request.user)
    if outbox.outbox_send(item):
        messages.success(request, _("Sent."))
    else:
        item.refresh_from_db()
        messages.error(
            request, _("Not sent yet: %(reason)s") % {"reason": item.last_error or _("busy")}
        )
    return redirect("client:outbox")


@login_required
@require_POST
def outbox_discard(request, item_id):
    item = get_object_or_404(OutboxItem, pk=item_id, user=request.user)
    if outbox.outbox_discard(item):
        messages.info(request, _("Discarded."))
    return redirect("client:outbox")
