"""Post text as X serves it: HTML escaping, entity offsets, t.co links, RT truncation."""

import hashlib
import re

from twitter_text import extract_urls_with_indices, parse_tweet

MAX_WEIGHTED_LENGTH = 280
RETWEET_MAX_CODE_POINTS = 140

_MENTION = re.compile(r"(?<![A-Za-z0-9_!@#$%&*])[@＠]([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_@])")
_HASHTAG = re.compile(r"(?<![\w&])[#＃](\w*[^\W\d_]\w*)")
_CASHTAG = re.compile(r"(?<![\w$])\$([A-Za-z]{1,6}(?:[._][A-Za-z]{1,2})?)(?![\w$])")
_TCO_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def escape(text: str) -> str:
    """Escape text the way X serves it: only &, < and > (quotes stay as they are)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def tco_url(seed: str) -> str:
    """A stable t.co short link derived from ``seed``."""
    digest = hashlib.sha1(seed.encode()).digest()
    code = "".join(_TCO_ALPHABET[b % len(_TCO_ALPHABET)] for b in digest[:10])
    return f"https://t.co/{code}"


def display_url(expanded_url: str) -> str:
    """The shortened form X shows for a link: no scheme or www, cut with an ellipsis."""
    shown = re.sub(r"^https?://(www\.)?", "", expanded_url)
    return shown if len(shown) <= 26 else shown[:25] + "…"


def url_record(seed: str, expanded_url: str) -> dict:
    """A t.co link record for ``expanded_url``: url, expanded_url, display_url."""
    return {
        "url": tco_url(seed),
        "expanded_url": expanded_url,
        "display_url": display_url(expanded_url),
    }


def shorten_links(text: str, seed: str) -> tuple[str, list[dict]]:
    """Replace every link in a new post by a t.co link, as X does when it stores it."""
    found = extract_urls_with_indices(text, extract_urls_without_protocol=False)
    records = []
    for position, item in enumerate(found):
        expanded = item["url"]
        records.append(url_record(f"{seed}:{position}:{expanded}", expanded))
    for item, record in reversed(list(zip(found, records, strict=True))):
        start, end = item["indices"]
        text = text[:start] + record["url"] + text[end:]
    return text, records


def has_link(text: str) -> bool:
    """Whether a new post's text holds a link (X charges such a post 13 times more)."""
    return bool(extract_urls_with_indices(text, extract_urls_without_protocol=False))


def weighted_length(text: str) -> int:
    """The twitter-text v3 weighted length (CJK and emoji count 2, a link 23)."""
    return parse_tweet(text).weightedLength


def fits_one_post(text: str) -> bool:
    """True when ``text`` is a valid post of at most 280 weighted characters."""
    return parse_tweet(text).valid


def first_part(text: str) -> str:
    """The longest prefix of a long post that fits 280 weighted characters (note_tweet)."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if weighted_length(text[:middle]) <= MAX_WEIGHTED_LENGTH:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip()


def retweet_text(username: str, original: str) -> str:
    """``RT @user: text`` cut to 140 code points including the ellipsis.

    X behaviour: the cut is measured on the unescaped text, whitespace before the
    ellipsis is dropped (so 139 sometimes), and the result is escaped afterwards.
    """
    full = f"RT @{username}: {original}"
    if len(full) <= RETWEET_MAX_CODE_POINTS:
        return full
    return full[: RETWEET_MAX_CODE_POINTS - 1].rstrip() + "…"


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < t_end and t_start < end for t_start, t_end in taken)


def entities(served_text: str, urls: list[dict], user_ids: dict[str, str]) -> dict:
    """Entities of the served (escaped) text, offsets in code points, start inclusive.

    ``urls`` are the post's t.co records, found in order in the text; ``user_ids``
    maps lower-cased usernames to ids for the mention ``id``.
    """
    result: dict[str, list[dict]] = {}
    taken: list[tuple[int, int]] = []
    cursor = 0
    for record in urls:
        start = served_text.find(record["url"], cursor)
        if start < 0:
            continue
        end = start + len(record["url"])
        cursor = end
        taken.append((start, end))
        result.setdefault("urls", []).append({"start": start, "end": end, **record})
    for match in _MENTION.finditer(served_text):
        if _overlaps(match.start(), match.end(), taken):
            continue
        item = {"start": match.start(), "end": match.end(), "username": match.group(1)}
        user_id = user_ids.get(match.group(1).lower())
        if user_id:
            item["id"] = user_id
        result.setdefault("mentions", []).append(item)
    for kind, pattern in (("hashtags", _HASHTAG), ("cashtags", _CASHTAG)):
        for match in pattern.finditer(served_text):
            if not _overlaps(match.start(), match.end(), taken):
                item = {"start": match.start(), "end": match.end(), "tag": match.group(1)}
                result.setdefault(kind, []).append(item)
    return result


def mentioned_usernames(text: str) -> set[str]:
    """Lower-cased usernames @mentioned in ``text``."""
    return {m.group(1).lower() for m in _MENTION.finditer(text)}


def leading_mentions_end(served_text: str) -> int:
    """Where the visible part of a reply starts, after its leading @mentions."""
    match = re.match(r"(?:[@＠][A-Za-z0-9_]{1,15}\s+)+", served_text)
    return match.end() if match else 0
