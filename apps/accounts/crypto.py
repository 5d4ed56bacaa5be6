"""Encryption at rest for OAuth tokens and other per-user secrets.

Keys come from settings.TOKEN_ENCRYPTION_KEYS (newest first). MultiFernet
encrypts with the first key and decrypts with any, so keys can be rotated:
add a new key in front, run ``manage.py reencrypt_tokens``, drop the old key.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class DecryptionError(Exception):
    """A stored secret could not be decrypted with any configured key."""


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "TOKEN_ENCRYPTION_KEYS must be url-safe base64 Fernet keys of 32 bytes."
        ) from exc


def fernet() -> MultiFernet:
    """The MultiFernet for the keys configured now."""
    return _fernet(tuple(settings.TOKEN_ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    """Encrypt a secret with the newest key; the result is ASCII."""
    return fernet().encrypt(plaintext.encode()).decode("ascii")


def decrypt(ciphertext: str) -> str:
    """Decrypt a secret encrypted under any configured key."""
    try:
        return fernet().decrypt(ciphertext.encode("ascii")).decode()
    except (InvalidToken, ValueError) as exc:
        raise DecryptionError("stored secret does not decrypt with the configured keys") from exc


def rotate(ciphertext: str) -> str:
    """Re-encrypt a secret under the newest key."""
    try:
        return fernet().rotate(ciphertext.encode("ascii")).decode("ascii")
    except (InvalidToken, ValueError) as exc:
        raise DecryptionError("stored secret does not decrypt with the configured keys") from exc
