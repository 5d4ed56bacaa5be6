"""URL converters for X's identifiers, so a malformed one is a 404, not a call to X."""


class XIdConverter:
    """Post, user, list and conversation ids: 1 to 19 digits."""

    regex = r"[0-9]{1,19}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


class XUsernameConverter:
    """X user names: 1 to 15 letters, digits or underscores."""

    regex = r"[A-Za-z0-9_]{1,15}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)
