from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from . import revocation
from .models import HandOff, PhoneSession, Preferences, SubscriberBinding, XAccount
from .phone_sessions import phone_session_end

User = get_user_model()


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that only the gateway writes: operators look, and act through actions."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _log_action(modeladmin, request, obj, message: str) -> None:
    # Actions change rows outside the change form: put them in the admin log too.
    modeladmin.log_change(request, obj, message)


@admin.action(description="Sign out everywhere (every session, every phone)")
def sign_out_everywhere(modeladmin, request, queryset):
    for user in queryset:
        revocation.user_sign_out_everywhere(user)
        _log_action(modeladmin, request, user, "Signed out everywhere.")
    modeladmin.message_user(request, f"{len(queryset)} user(s) signed out everywhere.")


def _revoke(modeladmin, request, accounts):
    unconfirmed = []
    for account in accounts:
        if not revocation.x_link_revoke(account):
            unconfirmed.append(f"@{account.screen_name}")
        _log_action(modeladmin, request, account, "Revoked the X link and signed out everywhere.")
    modeladmin.message_user(request, f"{len(accounts)} X link(s) revoked.")
    if unconfirmed:
        modeladmin.message_user(
            request,
            "X did not confirm for " + ", ".join(unconfirmed) + "; forgotten here anyway.",
            level=messages.WARNING,
        )


@admin.action(description="Revoke the X link (forget the token, sign out everywhere)")
def revoke_x_link(modeladmin, request, queryset):
    _revoke(modeladmin, request, list(queryset.select_related("user")))


@admin.action(description="Revoke the user's X link (forget the token, sign out everywhere)")
def revoke_users_x_link(modeladmin, request, queryset):
    accounts = list(XAccount.objects.filter(user__in=queryset).select_related("user"))
    _revoke(modeladmin, request, accounts)


class XAccountInline(admin.StackedInline):
    model = XAccount
    fields = ("x_user_id", "screen_name", "name", "token_revoked", "linked_at")
    readonly_fields = fields
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


admin.site.unregister(User)


@admin.register(User)
class OperatorUserAdmin(UserAdmin):
    """Users, found by their X name too, with the measures an operator takes."""

    list_display = ("username", "x_screen_name", "is_active", "is_staff", "last_login")
    search_fields = ("username", "x_account__screen_name", "x_account__x_user_id")
    list_select_related = ("x_account",)
    inlines = (XAccountInline,)
    actions = (sign_out_everywhere, revoke_users_x_link)

    @admin.display(description="X account", ordering="x_account__screen_name")
    def x_screen_name(self, user):
        account = getattr(user, "x_account", None)
        return f"@{account.screen_name}" if account else "-"


@admin.register(XAccount)
class XAccountAdmin(admin.ModelAdmin):
    """Operators see who is linked; token ciphertexts are not shown at all."""

    list_display = ("screen_name", "x_user_id", "user", "token_revoked", "linked_at")
    search_fields = ("screen_name", "x_user_id", "user__username")
    list_filter = ("token_revoked",)
    fields = ("user", "x_user_id", "screen_name", "name", "token_revoked", "linked_at")
    # Changing who or which X account this is would give one person another's posts.
    readonly_fields = ("user", "x_user_id", "linked_at")
    actions = (revoke_x_link,)

    def has_add_permission(self, request):
        return False


@admin.register(SubscriberBinding)
class SubscriberBindingAdmin(admin.ModelAdmin):
    """Easy-login bindings: only the keyed hash of the ID exists, so nothing to show of it."""

    list_display = ("user", "carrier", "created_at", "last_used_at")
    list_filter = ("carrier",)
    search_fields = ("user__username", "user__x_account__screen_name")
    fields = ("user", "carrier", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


@admin.register(HandOff)
class HandOffAdmin(ReadOnlyAdmin):
    """Hand-offs to phones: when, for whom, and how each ended (the secrets are not kept)."""

    list_display = ("pk", "user", "created_at", "expires_at", "used_at", "cancelled_at")
    list_filter = ("created_at",)
    search_fields = ("user__username", "user__x_account__screen_name")
    fields = ("user", "created_at", "expires_at", "used_at", "cancelled_at")


@admin.action(description="Sign out these phones")
def sign_out_phones(modeladmin, request, queryset):
    rows = list(queryset)
    for row in rows:
        _log_action(modeladmin, request, row, "Signed out that phone.")
        phone_session_end(row)
    modeladmin.message_user(request, f"{len(rows)} phone(s) signed out.")


@admin.register(PhoneSession)
class PhoneSessionAdmin(ReadOnlyAdmin):
    """Phones signed in by a hand-off; the session id itself is never shown."""

    list_display = ("label", "user", "created_at", "last_seen_at")
    search_fields = ("label", "user__username", "user__x_account__screen_name")
    list_filter = ("created_at",)
    fields = ("user", "label", "created_at", "last_seen_at")
    actions = (sign_out_phones,)


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
    search_fields = ("user__username", "user__x_account__screen_name")
    list_filter = ("language", "show_images")
