"""Post length as X counts it: weighted, 280 at most (twitter-text config v3).

CJK and most symbols count 2, URLs 23, emoji sequences 2 (xapi.md §5).
"""

from twitter_text import parse_tweet

MAX_WEIGHTED_LENGTH = 280


def weighted_length(text: str) -> int:
    """The length X charges for `text` (280 is the limit)."""
    return parse_tweet(text).weightedLength


def is_valid_post(text: str) -> bool:
    """True if X would accept `text` as a post: not empty, not too long, no bad characters."""
    # twitter-text accepts whitespace alone; X refuses a post with nothing to read.
    return bool(text.strip()) and parse_tweet(text).valid
