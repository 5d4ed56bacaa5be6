"""The X API client: OAuth 1.0a sign-in and the v2 calls the gateway makes.

`XClient` is the transport (`transport.Transport`: one pooled HTTP session per
process, OAuth 1.0a signing per call, timeouts, every failure an `errors.XError`)
with the endpoint calls of `endpoints/` mixed in, one module per subject. A new
kind of call goes into a new module there and into the bases below.
Reference: shared/reference/xapi.md §1 (OAuth), §2 (endpoints), §4 (errors).
"""

from __future__ import annotations

from .endpoints.dms import DMCalls
from .endpoints.lists import ListCalls
from .endpoints.media import MediaCalls
from .endpoints.posts import PostCalls
from .endpoints.signin import SignInCalls
from .endpoints.timelines import TimelineCalls
from .endpoints.users import UserCalls
from .fields import DM_FIELDS, LIST_FIELDS, POST_FIELDS, USER_FIELDS
from .transport import http_session, reset_http_session

__all__ = [
    "DM_FIELDS",
    "LIST_FIELDS",
    "POST_FIELDS",
    "USER_FIELDS",
    "XClient",
    "http_session",
    "reset_http_session",
]


class XClient(SignInCalls, UserCalls, PostCalls, MediaCalls, DMCalls, ListCalls, TimelineCalls):
    """X API calls for one user (token + secret), or for the sign-in steps (no token)."""
