"""The floor: the bare page a signed-in home page is measured against (issue 12).

The same 20 posts as the emulator's seed gives a home timeline, in one Django
template (no ``include``), the site stylesheet inlined with css-inline per
response, encoded to CP932; no middleware, no session, no database. Served by
gunicorn beside the gateway by ``bench/bench_pages.py``.
"""
