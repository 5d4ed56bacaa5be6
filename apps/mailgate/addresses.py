"""Secret posting addresses: make, find, rotate.

A token is 20 characters of lower-case base32 (100 random bits): mail systems and
phones may change the case of a local part, and base32 has no look-alike pairs
that matter when typed on a keypad. What the database keeps for lookup is
HMAC-SHA256 of the token under a key derived from SECRET_KEY; the token itself is
kept only Fernet-encrypted (``apps.accounts.crypto``), to show it again.
"""

from __future__ import annotations

import base64
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from apps.accounts import crypto

from .models import PostingAddress

_SALT = "apps.mailgate.addresses.posting-token"
TOKEN_LENGTH = 20


def new_token() -> str:
    """A fresh random token (lower-case base32, 20 characters)."""
    return base64.b32encode(secrets.token_bytes(15)).decode("ascii").lower()[:TOKEN_LENGTH]


def token_hash(token: str) -> str:
    """The keyed hash stored for a token (hex, 64 characters)."""
    return salted_hmac(_SALT, token.strip().lower(), algorithm="sha256").hexdigest()


def address_for(token: str) -> str:
    """The full posting address for a token."""
    return f"{token}@{settings.MAIL_DOMAIN}"


def posting_address(address: PostingAddress) -> str:
    """The full posting address of a stored PostingAddress (decrypted)."""
    return address_for(crypto.decrypt(address.token_encrypted))


def local_part(recipient: str) -> str | None:
    """The token part of a recipient on our domain (``token+anything`` allowed), else None."""
    recipient = recipient.strip().strip("<>").strip()
    local, at, domain = recipient.rpartition("@")
    if not at or domain.lower().rstrip(".") != settings.MAIL_DOMAIN.lower():
        return None
    token = local.split("+", 1)[0].strip().lower()
    return token if token else None


def address_lookup(recipient: str) -> PostingAddress | None:
    """The posting address a recipient names, or None (unknown, rotated, other domain)."""
    token = local_part(recipient)
    if token is None or len(token) != TOKEN_LENGTH:
        return None
    return (
        PostingAddress.objects.select_related("user", "user__x_account")
        .filter(token_hash=token_hash(token), user__is_active=True)
        .first()
    )


def address_get_or_create(user) -> PostingAddress:
    """The user's posting address, made on first use."""
    existing = PostingAddress.objects.filter(user=user).first()
    if existing is not None:
        return existing
    token = new_token()
    address, _ = PostingAddress.objects.get_or_create(
        user=user,
        defaults={"token_hash": token_hash(token), "token_encrypted": crypto.encrypt(token)},
    )
    return address


@transaction.atomic
def address_rotate(user) -> PostingAddress:
    """Give the user a new secret address; the old one is unknown from now on."""
    address = PostingAddress.objects.select_for_update().filter(user=user).first()
    if address is None:
        return address_get_or_create(user)
    token = new_token()
    address.token_hash = token_hash(token)
    address.token_encrypted = crypto.encrypt(token)
    address.rotated_at = timezone.now()
    address.save(update_fields=["token_hash", "token_encrypted", "rotated_at"])
    return address
