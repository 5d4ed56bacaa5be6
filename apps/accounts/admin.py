from django.contrib import admin

from .models import Preferences, XAccount


@admin.register(XAccount)
class XAccountAdmin(admin.ModelAdmin):
    """Operators see who is linked; token ciphertexts are not shown at all."""

    list_display = ("screen_name", "x_user_id", "user", "token_revoked", "linked_at")
    search_fields = ("screen_name", "x_user_id", "user__username")
    list_filter = ("token_revoked",)
    fields = ("user", "x_user_id", "screen_name", "name", "token_revoked", "linked_at")
    readonly_fields = ("linked_at",)


@admin.register(Preferences)
class PreferencesAdmin(admin.ModelAdmin):
    """Operators can see and correct a user's settings."""

    list_display = (
        "user",
        "posts_per_page",
        "show_images",
        "show_avatars",
        "time_zone",
        "language",
    )
    search_fields = ("user__username",)
    list_filter = ("language", "show_images")
