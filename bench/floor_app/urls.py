"""The floor page: 20 posts, one template, css-inline, CP932."""

import json
from datetime import UTC, datetime, timedelta
from functools import cache

import css_inline
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import get_template
from django.urls import path

PAGE_SIZE = 20


@cache
def _posts() -> list[dict]:
    """The seed's newest posts with their authors, as a home timeline shows them."""
    seed = json.loads(settings.SEED.read_text(encoding="utf-8"))
    users = {user["username"]: user for user in seed["users"]}
    now = datetime.now(UTC)
    written = [post for post in seed["posts"] if "text" in post]  # reposts have none
    posts = sorted(written, key=lambda post: post.get("hours_ago", 0))[:PAGE_SIZE]
    return [
        {
            "id": 1_800_000_000_000_000_000 + index,
            "text": post["text"],
            "username": post["author"],
            "name": users.get(post["author"], {}).get("name", post["author"]),
            "created_at": now - timedelta(hours=post.get("hours_ago", 0)),
        }
        for index, post in enumerate(posts)
    ]


@cache
def _stylesheet() -> str:
    return settings.STYLESHEET.read_text(encoding="utf-8")


def floor(request):
    html = get_template("floor.html").render({"posts": _posts()})
    # Only the body is inlined: css-inline writes HTML5 and would drop the XML prolog.
    head, rest = html.split("<body>", 1)
    inner, tail = rest.rsplit("</body>", 1)
    inner = css_inline.inline_fragment(inner, _stylesheet())
    page = f"{head}<body>{inner}</body>{tail}"
    body = page.encode("cp932", "xmlcharrefreplace")
    return HttpResponse(body, content_type="application/xhtml+xml; charset=Shift_JIS")


urlpatterns = [path("", floor)]
