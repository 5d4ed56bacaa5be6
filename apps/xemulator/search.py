"""A small, honest subset of X's search query language for GET /2/tweets/search/recent.

Supported: words (all must match: implicit AND), "quoted phrases", ``OR``,
``-`` negation, parentheses, ``from:``, ``to:``, ``@mention``, ``#hashtag``,
``conversation_id:``, ``lang:``, ``is:retweet|reply|quote|verified`` and
``has:media|images|videos|links|mentions|hashtags``. Matching is
case-insensitive on the unescaped text (the full text of long posts). An ASCII
word matches whole tokens; a word with other characters (Japanese has no
spaces) matches anywhere. Since May 2026 X leaves retweets out of keyword
queries; here a query with a positive word, phrase or hashtag drops retweets
unless it asks for ``is:retweet``.

Errors use X's messages inside the 400 validation envelope, e.g. "There were
errors processing your request: is/has/lang cannot be used as a standalone
operator (at position 1)".
"""

import re
from collections.abc import Callable

from .problems import InvalidRequest
from .records import Post
from .text import mentioned_usernames

_ASCII_WORD = re.compile(r"^[\x21-\x7e]+$")
_HASHTAG = re.compile(r"(?<![\w&])[#＃](\w*[^\W\d_]\w*)")
_OPERATOR = re.compile(r"^([A-Za-z_]+):(.*)$")
_STOPWORDS = frozenset("a an the of to in on at for is it".split())
_IS = frozenset({"retweet", "reply", "quote", "verified"})
_HAS = frozenset({"media", "images", "videos", "links", "mentions", "hashtags"})
_STANDALONE = frozenset({"word", "phrase", "hashtag", "mention", "from", "to", "conversation_id"})
KEYWORD_KINDS = frozenset({"word", "phrase", "hashtag"})


class _Errors(list):
    def add(self, message: str, position: int | None = None) -> None:
        self.append(message if position is None else f"{message} (at position {position})")


def _tokens(query: str, errors: _Errors) -> list[tuple[str, str, int]]:
    """(kind, value, 1-based position): "(", ")", "-", "OR", "phrase", "word"."""
    found, i = [], 0
    while i < len(query):
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            found.append((ch, ch, i + 1))
            i += 1
        elif ch == "-" and i + 1 < len(query) and not query[i + 1].isspace():
            found.append(("-", ch, i + 1))
            i += 1
        elif ch == '"':
            end = query.find('"', i + 1)
            if end < 0:
                errors.add("no viable alternative at character '\"'", i + 1)
                return found
            found.append(("phrase", query[i + 1 : end], i + 1))
            i = end + 1
        else:
            match = re.compile(r'[^\s()"]+').match(query, i)
            word = match.group(0)
            found.append(("OR" if word == "OR" else "word", word, i + 1))
            i = match.end()
    return found


class _Parser:
    def __init__(self, query: str):
        self.errors = _Errors()
        self.tokens = _tokens(query, self.errors)
        self.at = 0
        self.terms: list[tuple[bool, str, int]] = []  # (negated, kind, position)

    def peek(self):
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def parse(self):
        node = self.or_expr(negated=False)
        extra = self.peek()
        if extra is not None:
            self.errors.add(f"missing EOF at '{extra[1]}'", extra[2])
        return node

    def or_expr(self, negated: bool):
        branches = [self.and_expr(negated)]
        while self.peek() and self.peek()[0] == "OR":
            self.at += 1
            branches.append(self.and_expr(negated))
        return ("or", branches) if len(branches) > 1 else branches[0]

    def and_expr(self, negated: bool):
        parts = []
        while self.peek() and self.peek()[0] not in (")", "OR"):
            parts.append(self.unary(negated))
        if not parts:
            token = self.peek()
            where = token[2] if token else None
            shown = token[1] if token else "<EOF>"
            self.errors.add(f"no viable alternative at input '{shown}'", where)
        return ("and", parts)

    def unary(self, negated: bool):
        kind, _value, _position = self.peek()
        if kind == "-":
            self.at += 1
            if self.peek() is None:
                return ("and", [])
            return ("not", self.unary(not negated))
        return self.atom(negated)

    def atom(self, negated: bool):
        kind, value, position = self.peek()
        self.at += 1
        if kind == "(":
            node = self.or_expr(negated)
            if self.peek() and self.peek()[0] == ")":
                self.at += 1
            else:
                self.errors.add("Missing closing parenthesis", position)
            return node
        if kind == "phrase":
            self.terms.append((negated, "phrase", position))
            return ("term", "phrase", value.casefold())
        return self.word(value, position, negated)

    def word(self, value: str, position: int, negated: bool):
        if value.lower() == "and":
            self.errors.add(
                "Ambiguous use of and as a keyword. Use a space to logically join two clauses, "
                'or "and" to find occurrences of and in text',
                position,
            )
        if value[0] in "#＃" and len(value) > 1:
            kind, argument = "hashtag", value[1:].casefold()
        elif value[0] in "@＠" and len(value) > 1:
            kind, argument = "mention", value[1:].casefold()
        elif match := _OPERATOR.match(value):
            kind, argument = match.group(1).lower(), match.group(2)
            known = {"from", "to", "lang", "is", "has", "conversation_id"}
            if (
                kind not in known
                or not argument
                or (kind == "is" and argument not in _IS)
                or (kind == "has" and argument not in _HAS)
            ):
                shown = value if kind in ("is", "has") else match.group(1)
                self.errors.add(
                    f"Reference to invalid operator '{shown}'. Operator is not available in "
                    "current product or product packaging."
                )
            argument = argument.casefold()
        else:
            kind, argument = "word", value.casefold()
            if value.casefold() in _STOPWORDS:
                kind = "stopword"
        self.terms.append((negated, kind, position))
        return ("term", kind, argument)


def _contains(text: str, needle: str) -> bool:
    if _ASCII_WORD.match(needle.replace(" ", "!")):
        pattern = r"(?<![A-Za-z0-9_])" + re.escape(needle) + r"(?![A-Za-z0-9_])"
        return re.search(pattern, text) is not None
    return needle in text


class SearchQuery:
    """A parsed query; ``matches(post)`` needs ``users`` (id → User) for from:/to:/is:verified."""

    def __init__(self, query: str):
        parser = _Parser(query)
        self.tree = parser.parse()
        errors = parser.errors
        positive = [kind for negated, kind, _ in parser.terms if not negated]
        if not errors:
            if not any(kind in _STANDALONE for kind in positive):
                if any(kind in ("is", "has", "lang") for kind in positive):
                    errors.add("is/has/lang cannot be used as a standalone operator", 1)
                else:
                    errors.add("Rules must contain at least one positive, non-stopword clause", 1)
        if errors:
            raise InvalidRequest(
                "There were errors processing your request: " + ", ".join(errors),
                {"query": [query]},
            )
        self.keyword = any(kind in KEYWORD_KINDS for kind in positive)
        self.wants_retweets = ("is", "retweet") in self._positive_terms(self.tree, False)

    def _positive_terms(self, node, negated: bool) -> set[tuple[str, str]]:
        kind = node[0]
        if kind == "term":
            return set() if negated else {(node[1], node[2])}
        if kind == "not":
            return self._positive_terms(node[1], not negated)
        return set().union(*(self._positive_terms(child, negated) for child in node[1]))

    def predicate(self, users: dict, media_types: Callable[[Post], set[str]]):
        """A function post → bool for this query."""

        def evaluate(node, post: Post, text: str) -> bool:
            kind = node[0]
            if kind == "or":
                return any(evaluate(child, post, text) for child in node[1])
            if kind == "and":
                return all(evaluate(child, post, text) for child in node[1])
            if kind == "not":
                return not evaluate(node[1], post, text)
            return _term(node[1], node[2], post, text)

        def _term(kind: str, argument: str, post: Post, text: str) -> bool:
            author = users.get(post.author_id)
            if kind in ("word", "stopword", "phrase"):
                return _contains(text, argument)
            if kind == "hashtag":
                return argument in {m.group(1).casefold() for m in _HASHTAG.finditer(text)}
            if kind == "mention":
                return argument in mentioned_usernames(text)
            if kind == "from":
                return author is not None and argument in (author.username.lower(), author.id)
            if kind == "to":
                target = users.get(post.in_reply_to_user_id or "")
                return target is not None and argument in (target.username.lower(), target.id)
            if kind == "conversation_id":
                return post.conversation_id == argument
            if kind == "lang":
                return post.lang == argument
            if kind == "is":
                kinds = {k for k, _ in post.referenced}
                return {
                    "retweet": "retweeted" in kinds,
                    "quote": "quoted" in kinds,
                    "reply": "replied_to" in kinds,
                    "verified": bool(author and author.verified),
                }[argument]
            if kind == "has":
                types = media_types(post)
                return {
                    "media": bool(types),
                    "images": "photo" in types,
                    "videos": bool(types & {"video", "animated_gif"}),
                    "links": bool(post.urls),
                    "mentions": bool(mentioned_usernames(text)),
                    "hashtags": bool(_HASHTAG.search(text)),
                }[argument]
            return False

        def matches(post: Post) -> bool:
            if self.keyword and not self.wants_retweets:
                if any(k == "retweeted" for k, _ in post.referenced):
                    return False
            return evaluate(self.tree, post, (post.note_text or post.text).casefold())

        return matches
