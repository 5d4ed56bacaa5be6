"""Easy login (かんたんログイン): sign in with the phone's carrier subscriber ID.

The ID comes from ``apps.keitai.subscriber.trusted_subscriber_id`` (carrier
gateway addresses only). What is stored is HMAC-SHA256 of carrier and ID under
a key derived from SECRET_KEY, so a leaked table does not give the IDs away and
cannot be matched against another site's.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import SubscriberBinding

_SALT = "apps.accounts.easy_login.subscriber-id"


def subscriber_hash(carrier: str, subscriber_id: str) -> str:
    """The keyed hash stored for a subscriber ID (hex, 64 characters)."""
    return salted_hmac(_SALT, f"{carrier}:{subscriber_id}", algorithm="sha256").hexdigest()


@transaction.atomic
def subscriber_bind(*, user, carrier: str, subscriber_id: str) -> SubscriberBinding:
    """Bind the phone to ``user``; a phone bound to someone else moves to ``user``."""
    binding, _ = SubscriberBinding.objects.update_or_create(
        carrier=carrier,
        id_hash=subscriber_hash(carrier, subscriber_id),
        defaults={"user": user},
    )
    return binding


def subscriber_unbind(*, user, carrier: str | None = None) -> int:
    """Remove the user's bindings (one carrier's, or all); how many went."""
    bindings = SubscriberBinding.objects.filter(user=user)
    if carrier:
        bindings = bindings.filter(carrier=carrier)
    deleted, _ = bindings.delete()
    return deleted


def subscriber_user(*, carrier: str, subscriber_id: str):
    """The user this phone is bound to, or None; records the use."""
    binding = (
        SubscriberBinding.objects.select_related("user")
        .filter(carrier=carrier, id_hash=subscriber_hash(carrier, subscriber_id))
        .first()
    )
    if binding is None or not binding.user.is_active:
        return None
    SubscriberBinding.objects.filter(pk=binding.pk).update(last_used_at=timezone.now())
    return binding.user


def is_bound(*, user, carrier: str, subscriber_id: str) -> bool:
    """Whether this phone is bound to ``user``."""
    return SubscriberBinding.objects.filter(
        user=user, carrier=carrier, id_hash=subscriber_hash(carrier, subscriber_id)
    ).exists()
