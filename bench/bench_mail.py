"""Mail in -> post on X for a 3 MB camera photo, through the LMTP server, timed.

Each mail is an au-style ISO-2022-JP mail with a pictograph and a ~3 MB
4000x3000 camera JPEG (EXIF orientation and GPS) sent to a posting address
over LMTP to ``apps.mailgate.lmtp`` (aiosmtpd, in this process). The LMTP
answer comes after the whole path: parse, store the photo with ``store_photo``
on moto's S3 server over HTTP (normalised, variants), upload it to the X
emulator's media endpoint and post. moto and the emulator run as their own
processes on 127.0.0.1; the database is a fresh SQLite file. Prints p50/p99 of
the LMTP round trip over ``--mails`` mails one at a time, then mails per second
with ``--connections`` parallel LMTP clients, and the same for text-only mails.
Not a test.

    .venv/bin/python bench/bench_mail.py [--mails 50] [--connections 4]
"""

import argparse
import os
import shutil
import smtplib
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _harness import free_port, wait_for  # noqa: E402

BUCKET = "bench-mail"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def start(args: list[str], url: str, env=None) -> subprocess.Popen:
    proc = subprocess.Popen(
        args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT
    )
    wait_for(url)
    return proc


def send(port: int, to: str, raw: bytes) -> float:
    started = time.perf_counter()
    with smtplib.LMTP("127.0.0.1", port) as client:
        refused = client.sendmail("phone@ezweb.ne.jp", [to], raw)
    if refused:
        raise RuntimeError(f"refused: {refused}")
    return time.perf_counter() - started


def report(label: str, seconds: list[float]) -> None:
    print(
        f"{label:34} p50 {statistics.median(seconds) * 1000:8.1f} ms"
        f"  p99 {percentile(seconds, 0.99) * 1000:8.1f} ms  ({len(seconds)} mails)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mails", type=int, default=50)
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-mail-"))
    moto_port, x_port, lmtp_port = free_port(), free_port(), free_port()
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "XEMULATOR_ENABLED": "true",
        "X_API_BASE_URL": f"http://127.0.0.1:{x_port}",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{moto_port}",
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "MAIL_DOMAIN": "post.bench.example",
        "MAIL_POSTS_PER_HOUR": "100000",
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "ERROR",
    }
    moto_server = shutil.which("moto_server") or str(Path(sys.executable).parent / "moto_server")
    moto = start([moto_server, "-H", "127.0.0.1", "-p", str(moto_port)], env["AWS_S3_ENDPOINT_URL"])
    emulator = start(
        [sys.executable, "manage.py", "xemulator", "--port", str(x_port)],
        env["X_API_BASE_URL"] + "/_media/castle.jpg",
        env,
    )
    controller = None
    try:
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "yubitter.settings"
        import boto3
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.core.management import call_command

        from apps.accounts.models import XAccount
        from apps.mailgate.addresses import address_for, new_token, token_hash
        from apps.mailgate.lmtp import LMTPController
        from apps.mailgate.models import PostingAddress
        from apps.xemulator import seed
        from tests.mailgate.mails import carrier_mail
        from tests.photos.images import camera_jpeg

        call_command("migrate", verbosity=0)
        boto3.client(
            "s3",
            endpoint_url=env["AWS_S3_ENDPOINT_URL"],
            region_name="us-east-1",
            aws_access_key_id="bench",
            aws_secret_access_key="bench",
        ).create_bucket(Bucket=BUCKET)
        user = get_user_model().objects.create_user("xdemo")
        account = XAccount(user=user, x_user_id=seed.DEMO_USER_ID, screen_name="demo")
        account.set_token(seed.DEMO_ACCESS_TOKEN, seed.DEMO_ACCESS_TOKEN_SECRET)
        account.save()
        token = new_token()
        PostingAddress.objects.create(user=user, token_hash=token_hash(token), token_encrypted="")
        to = address_for(token)
        controller = LMTPController(host="127.0.0.1", port=lmtp_port)
        controller.start()

        photo = camera_jpeg()
        print(f"photo: {len(photo) / 1e6:.2f} MB JPEG; mail with it: ", end="")

        def mail(n: int, with_photo: bool) -> bytes:
            # au ISO-2022-JP: "写真" + the au sun pictograph (mail JIS 7541), then a counter
            body = b"\x1b$B<L??\x1b(B\x1b$Bu\x41\x1b(B " + str(n).encode()
            return carrier_mail(
                to=to,
                sender="phone@ezweb.ne.jp",
                body=body,
                charset="iso-2022-jp",
                photo=photo if with_photo else None,
            )

        print(f"{len(mail(0, True)) / 1e6:.2f} MB")
        counter = iter(range(10**9))
        for label, with_photo in (
            ("photo mail -> post (LMTP 250)", True),
            ("text mail -> post", False),
        ):
            send(lmtp_port, to, mail(next(counter), with_photo))  # warm up
            seconds = [
                send(lmtp_port, to, mail(next(counter), with_photo)) for _ in range(args.mails)
            ]
            report(label, seconds)
            mails = [mail(next(counter), with_photo) for _ in range(args.mails)]
            started = time.perf_counter()
            with ThreadPoolExecutor(args.connections) as pool:
                list(pool.map(lambda raw: send(lmtp_port, to, raw), mails))
            elapsed = time.perf_counter() - started
            print(
                f"{'':34} {args.mails / elapsed:6.2f} mails/s with {args.connections} connections"
            )
        from apps.mailgate.models import MailLog

        results = {
            r: MailLog.objects.filter(result=r).count() for r in ("posted", "kept", "refused")
        }
        print(f"mail log: {results}")
    finally:
        if controller is not None:
            controller.stop()
        for proc in (emulator, moto):
            proc.terminate()
            proc.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
