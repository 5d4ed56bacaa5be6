"""X API v2 calls by subject, each a mixin on `transport.Transport`; `client.XClient`
combines them."""
