from django.contrib import admin

from .blocking import sender_block
from .models import BlockedSender, MailLog, PostingAddress
from .services import address_rotate_and_tell


@admin.action(description="Block these senders (their mail is never posted)")
def block_senders(modeladmin, request, queryset):
    blocked = set()
    for log in queryset:
        entry = sender_block(
            log.sender, reason=f"blocked from the mail log ({log.reason or log.result})"
        )
        if entry is not None and entry.pattern not in blocked:
            blocked.add(entry.pattern)
            modeladmin.log_change(request, log, f"Blocked sender {entry.pattern}.")
    modeladmin.message_user(request, f"{len(blocked)} sender(s) blocked.")


@admin.register(MailLog)
class MailLogAdmin(admin.ModelAdmin):
    """What came in and what became of it; the posting token itself is never stored here."""

    list_display = ("received_at", "sender", "user", "address", "result", "reason", "size")
    list_filter = ("result", "received_at")
    search_fields = ("sender", "user__username", "user__x_account__screen_name", "message_id")
    readonly_fields = [f.name for f in MailLog._meta.fields]
    actions = (block_senders,)

    def has_add_permission(self, request):
        return False


@admin.action(description="Rotate the posting address (the old one stops working)")
def rotate_addresses(modeladmin, request, queryset):
    rotated = 0
    for address in queryset.select_related("user"):
        address_rotate_and_tell(address.user)
        modeladmin.log_change(request, address, "Rotated the posting address.")
        rotated += 1
    modeladmin.message_user(request, f"{rotated} posting address(es) rotated.")


@admin.register(PostingAddress)
class PostingAddressAdmin(admin.ModelAdmin):
    """Who has a posting address and which notices they get; the secret is not shown."""

    list_display = ("pk", "user", "notice_address", "notify_mentions", "notify_dms", "rotated_at")
    search_fields = ("user__username", "user__x_account__screen_name", "notice_address")
    fields = ("user", "notice_address", "notify_results", "notify_mentions", "notify_dms")
    readonly_fields = ("user",)
    actions = (rotate_addresses,)

    def has_add_permission(self, request):
        return False


@admin.register(BlockedSender)
class BlockedSenderAdmin(admin.ModelAdmin):
    """Senders whose mail is dropped: an address, or "@domain" for a whole domain."""

    list_display = ("pattern", "reason", "created_at")
    search_fields = ("pattern", "reason")
    fields = ("pattern", "reason", "created_at")
    readonly_fields = ("created_at",)
