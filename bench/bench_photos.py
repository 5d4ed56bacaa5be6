"""A camera photo's whole path: store_photo on S3 (moto over HTTP) → X media upload → post.

A 4000×3000 camera-like JPEG of about 3 MB (noise, EXIF with GPS, serial number
and orientation 6) is stored with `store_photo` (checked, turned upright,
stripped, original and variants written to moto's S3 server over HTTP), its
original uploaded to the X emulator's ``POST /2/media/upload`` and posted with
``media.media_ids``. moto and the emulator run as their own processes on
127.0.0.1. Prints p50/p99 per step and for the whole path (wall time, and the CPU
time of this process, which is the gateway's share: on a busy machine wall time
also counts waiting for a core), and the bytes of each stored file. Not a test.

    .venv/bin/python bench/bench_photos.py [--runs 50]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _harness import PhotoServices, percentile, print_photo_files  # noqa: E402
from bench_image_proxy import photo_like_jpeg  # noqa: E402

from tests.photos.images import camera_exif  # noqa: E402


def camera_photo() -> bytes:
    """4000×3000 like a phone camera's: shapes, edges, sensor noise; EXIF with GPS, serial
    number and orientation 6; about 3 MB."""
    import io

    from PIL import Image

    picture = Image.open(io.BytesIO(photo_like_jpeg((4000, 3000))))
    # A little more sensor noise than the proxy's sample: a camera file is this noisy.
    picture = Image.blend(picture, Image.effect_noise(picture.size, 48).convert("RGB"), 0.06)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=93, exif=camera_exif(orientation=6).tobytes())
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    with PhotoServices("bench-photos"):
        from django.contrib.auth import get_user_model

        from apps.photos import services
        from apps.xemulator import seed

        user = get_user_model().objects.create_user("bench")
        account = SimpleNamespace(
            pk=1,
            x_user_id=seed.DEMO_USER_ID,
            token=seed.DEMO_ACCESS_TOKEN,
            token_secret=seed.DEMO_ACCESS_TOKEN_SECRET,
        )
        sources = [camera_photo() for _ in range(5)]
        print(f"source: 4000x3000 JPEG, {statistics.mean(map(len, sources)):,.0f} bytes on average")
        store, post, whole, cpu = [], [], [], []
        photo = None
        for run in range(args.runs):
            # A distinct source each run: the same bytes again would be found, not stored.
            data = sources[run % len(sources)] + run.to_bytes(4, "big")
            started, cpu_started = time.perf_counter(), time.process_time()
            photo = services.store_photo(user=user, data=data)
            stored = time.perf_counter()
            result = services.post_with_photo(account, f"bench photo {run}", photo)
            done = time.perf_counter()
            cpu.append(time.process_time() - cpu_started)
            assert result.attached
            store.append(stored - started)
            post.append(done - stored)
            whole.append(done - started)
        print(f"{args.runs} runs: ms p50 / p99")
        for label, values in (
            ("store_photo (normalise + 8 S3 writes)", store),
            ("upload_media + post", post),
            ("whole path", whole),
            ("whole path, this process's CPU time", cpu),
        ):
            print(
                f"  {label:<40}{percentile(values, 0.5) * 1000:8.0f}"
                f"{percentile(values, 0.99) * 1000:8.0f}"
            )
        print_photo_files(photo)


if __name__ == "__main__":
    main()
