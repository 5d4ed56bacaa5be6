"""Accounts: one Django user per linked X account, tokens encrypted at rest, preferences."""

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import crypto


class XAccount(models.Model):
    """The X account a user signed in with, and its OAuth 1.0a access token."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="x_account"
    )
    x_user_id = models.CharField("X user id", max_length=32, unique=True)
    screen_name = models.CharField(max_length=32)
    name = models.CharField(max_length=100, blank=True)
    # Fernet ciphertexts; see apps/accounts/crypto.py. Never shown in the admin.
    token_encrypted = models.TextField(editable=False)
    token_secret_encrypted = models.TextField(editable=False)
    token_revoked = models.BooleanField(default=False)
    linked_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "X account"

    def __str__(self):
        return f"@{self.screen_name}"

    @property
    def token(self) -> str:
        return crypto.decrypt(self.token_encrypted)

    @property
    def token_secret(self) -> str:
        return crypto.decrypt(self.token_secret_encrypted)

    def set_token(self, token: str, secret: str) -> None:
        """Store a new access token, encrypted under the newest key."""
        self.token_encrypted = crypto.encrypt(token)
        self.token_secret_encrypted = crypto.encrypt(secret)
        self.token_revoked = False


class SubscriberBinding(models.Model):
    """A phone's carrier subscriber ID bound to a user, for one-click sign-in.

    Only a keyed hash of the ID is kept (``apps.accounts.easy_login``): the raw
    ID identifies the subscriber to every site they visit and is never stored.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriber_bindings"
    )
    carrier = models.CharField(max_length=16)
    id_hash = models.CharField("subscriber ID hash", max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["carrier", "id_hash"], name="unique_subscriber_id"),
        ]

    def __str__(self):
        return f"{self.carrier} subscriber of {self.user}"


class Session(AbstractBaseSession):
    """A session row: the truth the session cache is checked against on every request.

    ``version`` changes on every write and names the cache entry that holds this
    row's data (``apps.accounts.session_store``); ``origin`` says whether the
    session was created for a cookie or for a URL (``?sid=``), and ``subscriber``
    binds a URL session to the keyed hash of the phone's subscriber ID.
    """

    ORIGIN_COOKIE = "cookie"
    ORIGIN_URL = "url"

    version = models.CharField(max_length=16, editable=False)
    origin = models.CharField(
        max_length=8,
        choices=[(ORIGIN_COOKIE, "cookie"), (ORIGIN_URL, "URL")],
        default=ORIGIN_COOKIE,
        editable=False,
    )
    subscriber = models.CharField(max_length=64, blank=True, editable=False)
    # The signed-in user's primary key, so the version query can read their
    # ``IdentityStamp`` with it (no foreign key: sessions outlive nothing).
    user_pk = models.BigIntegerField(null=True, blank=True, editable=False)

    @classmethod
    def get_session_store_class(cls):
        from .session_store import SessionStore

        return SessionStore


class IdentityStamp(models.Model):
    """Changes whenever a user, their X account or their preferences change.

    A session keeps a copy of those three (``apps.accounts.identity``) with the
    stamp it was read under; the session store reads the current stamp with the
    session's version, in the same query, so a stale copy is seen at once.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    stamp = models.CharField(max_length=16)

    def __str__(self):
        return f"identity stamp of user {self.user_id}"


class Preferences(models.Model):
    """How a user wants pages: posts per page, images, avatars, time zone, language."""

    class Language(models.TextChoices):
        AUTO = "", _("as the browser says")
        JAPANESE = "ja", "日本語"
        ENGLISH = "en", "English"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferences"
    )
    posts_per_page = models.PositiveSmallIntegerField(
        default=20, validators=[MinValueValidator(5), MaxValueValidator(50)]
    )
    show_images = models.BooleanField(default=True)
    show_avatars = models.BooleanField(default=False)
    time_zone = models.CharField(max_length=64, default="Asia/Tokyo")
    language = models.CharField(max_length=8, choices=Language.choices, blank=True, default="")

    class Meta:
        verbose_name_plural = "preferences"

    def __str__(self):
        return f"preferences of {self.user}"


class HandOff(models.Model):
    """A one-time sign-in a signed-in PC hands to a phone (QR link or typed code).

    Only keyed hashes of the link token and the code are kept
    (``apps.accounts.handoff``); the PC that started it is known by a keyed hash
    of its session id, so that signing out there cancels it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="handoffs"
    )
    link_hash = models.CharField(max_length=64, unique=True, editable=False)
    code_hash = models.CharField(max_length=64, db_index=True, editable=False)
    origin_hash = models.CharField(max_length=64, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "hand-off"
        indexes = [models.Index(fields=["expires_at"], name="handoff_expires")]

    def __str__(self):
        return f"hand-off {self.pk} for {self.user}"


class PhoneSession(models.Model):
    """A phone's session that a hand-off created, so the PC can list and end it.

    The session id is kept encrypted (to delete the session from the store) and
    as a keyed hash (to find the row when the phone signs out by itself).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="phone_sessions"
    )
    session_key_encrypted = models.TextField(editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    label = models.CharField("device", max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField()

    class Meta:
        verbose_name = "phone session"

    def __str__(self):
        return f"{self.label} of {self.user}"
