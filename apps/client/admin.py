from django.contrib import admin

from .models import OutboxItem


@admin.register(OutboxItem)
class OutboxItemAdmin(admin.ModelAdmin):
    """Operators can see what is waiting and why; the text is the user's, left as is."""

    list_display = ("pk", "user", "kind", "status", "attempts", "next_attempt_at", "last_error")
    list_filter = ("status", "kind")
    search_fields = ("user__username",)
    readonly_fields = ("created_at", "updated_at", "sent_id")
