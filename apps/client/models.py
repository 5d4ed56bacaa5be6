"""What the client keeps of its own: the outbox of writes X has not taken yet."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxItem(models.Model):
    """A post, reply or DM that X refused for a passing reason, kept until sent or discarded."""

    class Kind(models.TextChoices):
        POST = "post", _("post")
        DM = "dm", _("direct message")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("refused by X")
        # X's credits are spent (402) or the site's daily spending cap is reached.
        WAITING_CREDITS = "credits", _("waiting for credits")
        DISCARDED = "discarded", _("discarded")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outbox"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.POST)
    text = models.TextField()
    in_reply_to = models.CharField(max_length=32, blank=True)
    quote_of = models.CharField(max_length=32, blank=True)
    dm_participant_id = models.CharField(max_length=32, blank=True)
    # A stored photo to post with the text (photos by mail); uploaded to X on each try.
    photo = models.ForeignKey(
        "photos.Photo", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    last_error = models.CharField(max_length=300, blank=True)
    # A timeout leaves it unknown whether X took the write; the next try checks first.
    outcome_unknown = models.BooleanField(default=False)
    sent_id = models.CharField(max_length=32, blank=True)
    # Kept first in this node's spool while the database was away (apps/client/spool.py).
    spool_id = models.CharField(max_length=32, null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk} ({self.status})"
