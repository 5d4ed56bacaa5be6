"""Test settings: the environment the suite needs, then the one settings module.

Values set outside (DATABASE_URL for MariaDB, MEMCACHED_SERVERS...) win.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("XEMULATOR_ENABLED", "true")
os.environ.setdefault("X_CONSUMER_KEY", "yubitter-demo-consumer-key-0001")
os.environ.setdefault(
    "X_CONSUMER_SECRET", "yubitter-demo-consumer-secret-for-the-local-emulator-only"
)
os.environ.setdefault("TOKEN_ENCRYPTION_KEYS", "dGVzdHMtb25seS1mZXJuZXQta2V5LTAwMDAwMDAwMDA=")
os.environ.setdefault("X_CONNECT_TIMEOUT", "1")
os.environ.setdefault("X_READ_TIMEOUT", "2")
# X spending is written when a test asks (spending.flush()), not by whichever thread records
# a call: on SQLite's in-memory test database a second thread's write meanwhile fails at once
# ("database table is locked") instead of waiting, as it would on a file or on MariaDB.
os.environ.setdefault("X_SPEND_FLUSH_SECONDS", "3600")
os.environ.setdefault("SECURE_COOKIES", "false")
# English pages in tests; the Japanese catalogue is tested with Accept-Language: ja.
os.environ.setdefault("LANGUAGE_CODE", "en")

from yubitter.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Every page any test renders is parsed: XML for XHTML profiles, Compact HTML's
# element list for C-HTML ones (apps/keitai/conformance.py, tests/conftest.py).
KEITAI_CHECK_MARKUP = True
