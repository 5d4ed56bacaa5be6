"""What one proxied thumbnail costs: ms and bytes, cold (fetch + convert + store) and warm.

A 1200×900 photo-like JPEG is served from a local HTTP server; each cold run asks
for a new source URL so nothing is reused, each warm run reads the stored
variant. Also shows the conversion alone (no network, no storage). Not a test.

    .venv/bin/python bench/bench_image_proxy.py [--runs 20]
"""

import argparse
import io
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402
from django.conf import settings  # noqa: E402
from PIL import Image, ImageFilter, ImageOps  # noqa: E402

VARIANTS = [(120, "gif"), (120, "jpeg"), (120, "png"), (240, "jpeg")]


def photo_like_jpeg(size=(1200, 900)) -> bytes:
    """Smooth shapes, edges and sensor-like noise: compresses like a photo, not a test card."""
    shape = Image.effect_mandelbrot(size, (-2.0, -1.2, 1.0, 1.2), 60).filter(
        ImageFilter.GaussianBlur(2)
    )
    colour = ImageOps.colorize(shape, black="#1b2a49", white="#f4d35e", mid="#c0504d")
    noise = Image.effect_noise(size, 24).convert("RGB")
    picture = Image.blend(colour, noise, 0.12)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return out.getvalue()


def serve(body: bytes) -> tuple[ThreadingHTTPServer, int]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def ms(seconds: list[float]) -> str:
    return f"{statistics.median(seconds) * 1000:7.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    media = tempfile.TemporaryDirectory()
    settings.configure(
        SECRET_KEY="bench-only",
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        STORAGES={
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": media.name},
            }
        },
        IMAGE_PROXY_ALLOWED_HOSTS=["127.0.0.1"],
    )
    django.setup()
    from apps.photos.convert import make_variant
    from apps.photos.proxy import fetch_variant

    source = photo_like_jpeg()
    server, port = serve(source)
    # Only the source server's port (apps/photos/addresses.py).
    settings.IMAGE_PROXY_ALLOW_PRIVATE_HOSTS = [f"127.0.0.1:{port}"]
    print(f"source: 1200x900 JPEG, {len(source):,} bytes; median of {args.runs} runs")
    print(
        f"{'variant':<12}{'size':>10}{'bytes':>8}{'convert ms':>12}{'cold ms':>10}{'warm ms':>10}"
    )
    for width, fmt in VARIANTS:
        convert, cold, warm = [], [], []
        for run in range(args.runs):
            started = time.perf_counter()
            data = make_variant(source, width=width, fmt=fmt)
            convert.append(time.perf_counter() - started)

            url = f"http://127.0.0.1:{port}/media/photo.jpg?run={run}&w={width}&f={fmt}"
            started = time.perf_counter()
            fetch_variant(url, width, fmt)
            cold.append(time.perf_counter() - started)

            started = time.perf_counter()
            fetch_variant(url, width, fmt)
            warm.append(time.perf_counter() - started)
        shown = Image.open(io.BytesIO(data)).size
        print(
            f"{width:>4} {fmt:<7}{f'{shown[0]}x{shown[1]}':>10}{len(data):>8,}"
            f"{ms(convert):>12}{ms(cold):>10}{ms(warm):>10}"
        )
    server.shutdown()
    media.cleanup()


if __name__ == "__main__":
    main()
