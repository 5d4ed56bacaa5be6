from django.contrib import admin, messages

from . import outbox
from .models import OutboxItem


@admin.action(description="Send now")
def send_now(modeladmin, request, queryset):
    sent = 0
    for item in queryset.select_related("user__x_account"):
        delivered = outbox.outbox_send(item)
        sent += delivered
        item.refresh_from_db()
        modeladmin.log_change(
            request, item, f"Send now: {'sent' if delivered else 'not sent'} ({item.status})."
        )
    level = messages.SUCCESS if sent == len(queryset) else messages.WARNING
    modeladmin.message_user(request, f"{sent} of {len(queryset)} item(s) sent.", level=level)


@admin.action(description="Discard")
def discard(modeladmin, request, queryset):
    dropped = 0
    for item in queryset:
        if outbox.outbox_discard(item):
            dropped += 1
            modeladmin.log_change(request, item, "Discarded.")
    modeladmin.message_user(request, f"{dropped} item(s) discarded.")


@admin.register(OutboxItem)
class OutboxItemAdmin(admin.ModelAdmin):
    """Operators see what is waiting and why, and can send or discard it; the text is the user's."""

    list_display = (
        "pk",
        "user",
        "kind",
        "short_text",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
    )
    list_filter = ("status", "kind")
    search_fields = ("user__username", "user__x_account__screen_name")
    actions = (send_now, discard)
    # The gateway moves items through their states; an edit by hand could post twice.
    readonly_fields = (
        "user",
        "kind",
        "text",
        "in_reply_to",
        "quote_of",
        "dm_participant_id",
        "photo",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "outcome_unknown",
        "sent_id",
        "created_at",
        "updated_at",
    )

    @admin.display(description="text")
    def short_text(self, item):
        return item.text if len(item.text) <= 40 else item.text[:39] + "…"

    def has_add_permission(self, request):
        return False
