from django.contrib import admin

from .models import MailLog, PostingAddress


@admin.register(MailLog)
class MailLogAdmin(admin.ModelAdmin):
    """What came in and what became of it; the posting token itself is never stored here."""

    list_display = ("received_at", "sender", "user", "address", "result", "reason", "size")
    list_filter = ("result",)
    search_fields = ("sender", "user__username", "message_id")
    readonly_fields = [f.name for f in MailLog._meta.fields]


@admin.register(PostingAddress)
class PostingAddressAdmin(admin.ModelAdmin):
    """Who has a posting address and which notices they get; the secret is not shown."""

    list_display = ("pk", "user", "notice_address", "notify_mentions", "notify_dms", "rotated_at")
    search_fields = ("user__username", "notice_address")
    fields = ("user", "notice_address", "notify_results", "notify_mentions", "notify_dms")
    readonly_fields = ("user",)
