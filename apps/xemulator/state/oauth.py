"""OAuth 1.0a: apps, request tokens, access tokens and nonces."""

import secrets
import time

from .. import seed
from ..records import AccessToken, Consumer, RequestToken
from ..seed import SeedData
from .base import StatePart

REQUEST_TOKEN_LIFETIME = 15 * 60


class OAuthPart(StatePart):
    """Registered apps, the tokens issued to them, and the nonces seen."""

    consumers: dict[str, Consumer]
    request_tokens: dict[str, RequestToken]
    access_tokens: dict[str, AccessToken]
    nonces: dict[tuple, float]
    timestamp_lifetime: int

    def _load(self, data: SeedData) -> None:
        super()._load(data)
        self.consumers = {c.key: c for c in data.consumers}
        self.request_tokens = {}
        self.access_tokens = {t.token: t for t in data.access_tokens}
        self.nonces = {}
        self.timestamp_lifetime = 600

    def add_consumer(self, key: str, secret: str, name: str = "test app") -> Consumer:
        """Register another app."""
        with self.lock:
            consumer = self.consumers[key] = Consumer(key, secret, name)
            return consumer

    def consumer(self, key: str) -> Consumer | None:
        """The app with consumer ``key``, if registered."""
        return self.consumers.get(key)

    def save_request_token(self, token: str, secret: str, consumer_key: str, callback: str):
        """Remember a freshly issued request token."""
        with self.lock:
            self.request_tokens[token] = RequestToken(
                token, secret, consumer_key, callback, issued=time.time()
            )

    def request_token(self, token: str) -> RequestToken | None:
        """A request token that is still usable (not used, not expired)."""
        with self.lock:
            record = self.request_tokens.get(token)
            if record is None or record.used:
                return None
            if time.time() - record.issued > REQUEST_TOKEN_LIFETIME:
                return None
            return record

    def authorize_request_token(self, token: str, verifier: str, user_id: str) -> None:
        """Record that ``user_id`` approved the request token, with its verifier."""
        with self.lock:
            record = self.request_tokens[token]
            record.verifier, record.user_id = verifier, user_id

    def use_request_token(self, token: str) -> None:
        """Spend a request token (exchanged or denied); it cannot be used again."""
        with self.lock:
            if token in self.request_tokens:
                self.request_tokens[token].used = True

    def access_token(self, token: str) -> AccessToken | None:
        """A live (not revoked) access token."""
        with self.lock:
            record = self.access_tokens.get(token)
            return None if record is None or record.revoked else record

    def save_access_token(self, record: AccessToken) -> None:
        """Remember an access token issued by the access_token endpoint."""
        with self.lock:
            self.access_tokens[record.token] = record

    def issue_access_token(
        self, user_id: str, consumer_key: str = seed.DEMO_CONSUMER_KEY
    ) -> AccessToken:
        """Issue a token for ``user_id`` directly, skipping the authorize page (for tests)."""
        token = AccessToken(
            token=f"{user_id}-{secrets.token_hex(20)}",
            secret=secrets.token_urlsafe(32).replace("-", "x").replace("_", "y"),
            consumer_key=consumer_key,
            user_id=user_id,
        )
        self.save_access_token(token)
        return token

    def revoke_access_token(self, token: str) -> bool:
        """Revoke a token (oauth/invalidate_token); True if it was live."""
        with self.lock:
            record = self.access_tokens.get(token)
            if record is None or record.revoked:
                return False
            record.revoked = True
            return True

    def use_nonce(self, key: tuple, timestamp: int) -> bool:
        """Record a nonce; False when it was seen before (a replay)."""
        now = time.time()
        with self.lock:
            if key in self.nonces:
                return False
            horizon = now - 2 * self.timestamp_lifetime
            if len(self.nonces) > 10000:
                self.nonces = {k: ts for k, ts in self.nonces.items() if ts >= horizon}
            self.nonces[key] = float(timestamp)
            return True
