"""Helpers for the accounts tests: the cache settings production uses (yubitter/settings.py)."""


def memcached_settings(location, **options):
    """The CACHES setting production uses, for memcached at ``location``."""
    return {
        "default": {
            "BACKEND": "yubitter.cache.KeptConnectionsPyMemcacheCache",
            "LOCATION": location,
            "OPTIONS": {
                "connect_timeout": 0.2,
                "timeout": 0.3,
                "default_noreply": False,
                "retry_attempts": 0,
                "retry_timeout": 0,
                "dead_timeout": 0.25,
                "use_pooling": True,
                **options,
            },
        }
    }
