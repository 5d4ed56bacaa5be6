"""Home-timeline throughput: gunicorn (2 workers) against the X emulator at zero latency.

Prints pages/s, p50/p99 latency and page bytes with a warm read cache (every view
served from the cache) and a cold one (every view asks the emulator). Not a test.

    .venv/bin/python bench/bench_timeline.py [--requests 400] [--concurrency 4]
"""

import argparse

from _harness import Stack, measure, sign_in


def run(cache_ttl: int, args) -> dict:
    with Stack(cache_ttl, args.cache_url) as stack:
        http = sign_in(stack.gateway)
        return measure(http, f"{stack.gateway}/home/", args.requests, args.concurrency)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--cache-url", default="", help="CACHE_URL for the gateway")
    args = parser.parse_args()
    for label, ttl in (("warm", 3600), ("cold", 0)):
        result = run(ttl, args)
        print(
            f"{label:5} read cache: {result['pages_per_s']:7.1f} pages/s  "
            f"p50 {result['p50_ms']:6.1f} ms  p99 {result['p99_ms']:6.1f} ms  "
            f"{result['bytes']} bytes/page  {result['posts']} posts  errors {result['errors']}"
        )


if __name__ == "__main__":
    main()
