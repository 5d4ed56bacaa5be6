"""What the mail gate keeps: each user's secret posting address, and a log of mail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PostingAddress(models.Model):
    """A user's secret address for posting by mail: ``<token>@MAIL_DOMAIN``.

    The token is looked up by a keyed hash (``apps.mailgate.addresses``) and kept
    encrypted only so the account page can show it again; rotating it makes the
    old address unknown. Notices go to ``notice_address``: the sender of the last
    mail the secret address accepted (someone who knows the secret), never to a
    From that was not checked that way.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posting_address"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_encrypted = models.TextField(editable=False)
    notice_address = models.EmailField(blank=True, max_length=254)
    notify_results = models.BooleanField(default=True)
    notify_mentions = models.BooleanField(default=False)
    notify_dms = models.BooleanField(default=False)
    # Mentions and messages before this time are never mailed (no backlog on opt-in).
    notices_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    rotated_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "posting address"
        verbose_name_plural = "posting addresses"

    def __str__(self):
        return f"posting address #{self.pk} of {self.user}"


class MailLog(models.Model):
    """One received mail, for operators: who sent it, to which address, what happened."""

    class Result(models.TextChoices):
        POSTED = "posted", _("posted")
        KEPT = "kept", _("kept in the outbox")
        REFUSED = "refused", _("refused")
        DROPPED = "dropped", _("dropped (automatic mail)")
        UNKNOWN = "unknown", _("unknown address")
        TEMPFAIL = "tempfail", _("try again later")

    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sender = models.CharField(max_length=254, blank=True)
    address = models.ForeignKey(
        PostingAddress, null=True, blank=True, on_delete=models.SET_NULL, related_name="mails"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mail_log",
    )
    message_id = models.CharField(max_length=255, blank=True)
    result = models.CharField(max_length=10, choices=Result.choices, db_index=True)
    reason = models.CharField(max_length=300, blank=True)
    size = models.PositiveIntegerField(default=0)
    outbox_item = models.ForeignKey(
        "client.OutboxItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["user", "result", "received_at"])]

    def __str__(self):
        return f"mail from {self.sender or '<>'}: {self.result}"


class NoticeSent(models.Model):
    """A mention or message already mailed to a user, so it is never mailed twice."""

    class Kind(models.TextChoices):
        MENTION = "mention", "mention"
        DM = "dm", "direct message"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    item_id = models.CharField(max_length=64)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "item_id"], name="unique_notice"),
        ]

    def __str__(self):
        return f"{self.kind} {self.item_id} mailed to {self.user}"


class BlockedSender(models.Model):
    """A sender operators blocked: their mail is logged and dropped, never posted or answered.

    ``pattern`` is a whole address (``name@example.jp``) or a whole domain
    (``@example.jp``), lower case; see ``apps.mailgate.blocking``.
    """

    pattern = models.CharField(max_length=254, unique=True)
    reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "blocked sender"

    def __str__(self):
        return self.pattern

    def save(self, *args, **kwargs):
        self.pattern = self.pattern.strip().lower()
        super().save(*args, **kwargs)
