"""What a database that does not answer looks like from Django, in one place.

A server that is down, restarting or unreachable shows up as Django's
``OperationalError`` (connection refused, lost, "server has gone away") or
``InterfaceError`` (a connection already closed underneath). Other database
errors (integrity, data) are mistakes of ours and stay errors.
"""

from django.db import InterfaceError, OperationalError

DATABASE_AWAY = (OperationalError, InterfaceError)


def database_away(exc: BaseException | None) -> bool:
    """Whether ``exc``, or an error it was raised from, says the database did not answer."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, DATABASE_AWAY):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False
