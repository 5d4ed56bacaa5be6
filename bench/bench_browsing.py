"""A phone user's browsing session: X API calls and cost per page view, and throughput.

Starts the X emulator and gunicorn (2 workers) like bench_timeline.py, signs in as
demo, then walks home → a post → its author → home page 2 → mentions → search →
DMs → a conversation → lists → a list → home, once on a fresh gateway (cold) and
again at once (warm), counting the X calls of each page in the emulator's
/_emulator/stats, and what X charges a pay-per-use app for them (the emulator's
ledger at the configured X_PRICES; a resource read again the same UTC day is
free). Then it times the post page and search from 4 threads with a warm read
cache, and cold: each request a post or query not read before.
Not a test.

    .venv/bin/python bench/bench_browsing.py [--requests 300] [--concurrency 4] [--cache-url URL]
        [--session-only]
"""

import argparse
import re
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote, unquote, urljoin

import requests
from _harness import Stack, measure, sign_in

SEARCH = "/search/?q=" + quote("#ラーメン")
POST_LINK = re.compile(r'href="(/p/\d+/)"')
AUTHOR_LINK = re.compile(r'class="name" href="(/u/[^/"]+/)"')
OLDER_LINK = re.compile(r'<a href="([^"]*)" accesskey="6"')
DM_LINK = re.compile(r'href="(/dm/[^/"]+/)"')
LIST_LINK = re.compile(r'href="(/lists/\d+/)"')


class StepFailed(Exception):
    """A page of the session answered with an error or lacked the link to follow."""


def link(pattern: re.Pattern, page: requests.Response, what: str) -> str:
    """The first link ``pattern`` finds on ``page``, as an absolute URL."""
    found = pattern.search(page.text)
    if found is None:
        raise StepFailed(f"no {what} link on {page.url}")
    return urljoin(page.url, found.group(1).replace("&amp;", "&"))


def browse(stack: Stack, http: requests.Session) -> list[dict]:
    """One browsing session; per step its URL, status, bytes and X calls."""
    gateway = stack.gateway
    steps = []

    def visit(name: str, url: str) -> requests.Response:
        stats = stack.x_calls()
        before, spent = stats["requests"], stats["credits"]["spent_usd"]
        page = http.get(url, timeout=30)
        stats = stack.x_calls()
        after = stats["requests"]
        calls = {k: n - before.get(k, 0) for k, n in after.items() if n != before.get(k, 0)}
        steps.append(
            {
                "step": name,
                "url": url.removeprefix(gateway),
                "status": page.status_code,
                "bytes": len(page.content),
                "calls": calls,
                "usd": stats["credits"]["spent_usd"] - spent,
            }
        )
        if page.status_code != 200:
            raise StepFailed(f"{name}: {url} answered {page.status_code}")
        return page

    try:
        home = visit("home", f"{gateway}/home/")
        post = visit("post", link(POST_LINK, home, "post"))
        visit("author", link(AUTHOR_LINK, post, "author"))
        visit("home p.2", link(OLDER_LINK, home, "Older"))
        visit("mentions", f"{gateway}/mentions/")
        visit("search", gateway + SEARCH)
        dms = visit("dm list", f"{gateway}/dm/")
        visit("dm conv", link(DM_LINK, dms, "conversation"))
        lists = visit("lists", f"{gateway}/lists/")
        visit("list", link(LIST_LINK, lists, "list"))
        visit("home", f"{gateway}/home/")
    except StepFailed as error:
        steps.append({"failed": str(error)})
    return steps


def fit(text: str, columns: int) -> str:
    """``text`` cut or padded to ``columns`` terminal columns (kana take two)."""
    out, used = "", 0
    for ch in text:
        width = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used + width > columns:
            break
        out, used = out + ch, used + width
    return out + " " * (columns - used)


def routes_of(calls: dict[str, int]) -> str:
    return " + ".join(f"{n}× {k}" if n > 1 else k for k, n in calls.items()) or "-"


def print_session(cold: list[dict], warm: list[dict]) -> None:
    print("X API calls and X's charge per page view (browsing session, read cache default TTLs)")
    print(
        f"  {'step':9} {'page':28} {'cold':>4} {'warm':>4} {'$ cold':>7} {'$ warm':>7}"
        "  X calls (cold; warm if any)"
    )
    totals = {"cold": 0, "warm": 0}
    usd = {"cold": 0.0, "warm": 0.0}
    views = 0
    for first, again in zip(cold, warm, strict=False):
        if "failed" in first or "failed" in again:
            break
        views += 1
        n_cold, n_warm = sum(first["calls"].values()), sum(again["calls"].values())
        totals["cold"] += n_cold
        totals["warm"] += n_warm
        usd["cold"] += first["usd"]
        usd["warm"] += again["usd"]
        routes = routes_of(first["calls"])
        if n_warm:
            same = again["calls"] == first["calls"]
            routes += "; warm: " + ("the same" if same else routes_of(again["calls"]))
        status = "" if first["status"] == again["status"] == 200 else " (error)"
        page = fit(unquote(first["url"]), 28)
        print(
            f"  {first['step']:9} {page} {n_cold:4} {n_warm:4} {first['usd']:7.3f} "
            f"{again['usd']:7.3f}  {routes}{status}"
        )
    for run in (cold, warm):
        for step in run:
            if "failed" in step:
                print(f"  FAILED: {step['failed']}")
    if views:
        print(
            f"  total {views} views: cold {totals['cold']} calls "
            f"({totals['cold'] / views:.2f}/view), warm {totals['warm']} calls "
            f"({totals['warm'] / views:.2f}/view)"
        )
        print(
            f"  X's charge: cold session ${usd['cold']:.3f} (${usd['cold'] / views:.4f}/view), "
            f"warm session ${usd['warm']:.3f} (${usd['warm'] / views:.4f}/view)"
        )


def timed(stack: Stack, http, urls, total: int, concurrency: int, *, warm_up: bool) -> dict:
    """``measure`` plus the X calls it caused per page (its warm-up requests included)."""
    stack.clear_x_calls()
    result = measure(http, urls, total, concurrency, warm_up=warm_up)
    result["requests"] = total
    result["x_calls"] = stack.x_calls()["total"] / (total + (2 * concurrency if warm_up else 0))
    return result


def print_throughput(label: str, result: dict) -> None:
    print(
        f"  {label:32} {result['pages_per_s']:6.1f} pages/s  p50 {result['p50_ms']:6.1f} ms  "
        f"p99 {result['p99_ms']:6.1f} ms  {result['mean_bytes']:6.0f} bytes/page  "
        f"{result['x_calls']:.2f} X calls/page  {result['requests']} requests  "
        f"errors {result['errors']}"
        + (f" (HTTP {', '.join(map(str, result['error_statuses']))})" if result["errors"] else "")
    )


def post_ids(http: requests.Session, gateway: str, pages: int) -> list[str]:
    """Post links on the first ``pages`` home pages, following the Older link."""
    found: list[str] = []
    url = f"{gateway}/home/"
    for _ in range(pages):
        page = http.get(url, timeout=30)
        found += [u for u in POST_LINK.findall(page.text) if u not in found]
        older = OLDER_LINK.search(page.text)
        if page.status_code != 200 or older is None:
            break
        url = urljoin(page.url, older.group(1).replace("&amp;", "&"))
    return found


def wake(stack: Stack, http: requests.Session, args) -> None:
    """Let every worker serve a page first, without reading a post or searching."""
    with ThreadPoolExecutor(args.concurrency) as pool:
        list(pool.map(lambda _: http.get(f"{stack.gateway}/lists/", timeout=30), range(8)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--cache-url", default="", help="CACHE_URL for the gateway")
    parser.add_argument(
        "--session-only", action="store_true", help="the browsing session only, no throughput"
    )
    args = parser.parse_args()

    with Stack(60, args.cache_url) as stack:
        stack.clear_cache()
        http = sign_in(stack.gateway)
        cold = browse(stack, http)
        warm = browse(stack, http)
        print_session(cold, warm)
        if args.session_only or any("failed" in step for step in cold):
            return
        post_url = stack.gateway + cold[1]["url"]
        search_url = stack.gateway + SEARCH
        print(
            f"Throughput, {args.concurrency} threads "
            f"(post {cold[1]['url']}, search {unquote(SEARCH)})"
        )
        for label, url in (("post, warm cache", post_url), ("search, warm cache", search_url)):
            result = timed(stack, http, url, args.requests, args.concurrency, warm_up=True)
            print_throughput(label, result)

    # Cold: X_READ_CACHE_TTL=0 (home and mentions never cached); post pages and
    # searches keep their fixed TTLs, so every timed request asks for a post or a
    # query that this gunicorn has not read yet. Each on a new emulator: the post
    # page's replies come from search/recent, which X limits to 300 per 15 minutes.
    with Stack(0, args.cache_url) as stack:
        http = sign_in(stack.gateway)
        posts = [stack.gateway + u for u in post_ids(http, stack.gateway, pages=20)]
        stack.restart_gateway()
        stack.clear_cache()
        http = sign_in(stack.gateway)
        wake(stack, http, args)
        posts = posts[: args.requests]
        result = timed(stack, http, posts, len(posts), args.concurrency, warm_up=False)
        print_throughput("post, cold (distinct posts)", result)
    with Stack(0, args.cache_url) as stack:
        stack.clear_cache()
        http = sign_in(stack.gateway)
        wake(stack, http, args)
        # "-nz<n>" excludes a word no post has: the same results, a new query each time.
        queries = [f"{stack.gateway}{SEARCH}+-nz{n}" for n in range(args.requests)]
        result = timed(stack, http, queries, args.requests, args.concurrency, warm_up=False)
        print_throughput("search, cold (distinct queries)", result)


if __name__ == "__main__":
    main()
