"""Mail in -> post on X for a 3 MB camera photo, through the LMTP server, timed.

Each mail is an au-style ISO-2022-JP mail with a pictograph and a ~3 MB
4000x3000 camera JPEG (EXIF orientation and GPS) sent to a posting address
over LMTP to ``apps.mailgate.lmtp`` (aiosmtpd, in this process). The LMTP
answer comes after the whole path: parse, store the photo with ``store_photo``
on moto's S3 server over HTTP (normalised, variants), upload it to the X
emulator's media endpoint and post. moto and the emulator run as their own
processes on 127.0.0.1 (a fresh emulator for each phase: X allows 100 posts per user
in 15 minutes); the database is a fresh SQLite file. Prints p50/p99 of
the LMTP round trip over ``--mails`` mails one at a time (and this process's CPU
time for each: the LMTP server and all the gateway's work run here), then mails per second
with ``--connections`` parallel LMTP clients, and the same for text-only mails.
Not a test.

    .venv/bin/python bench/bench_mail.py [--mails 50] [--connections 4]
"""

import argparse
import os
import shutil
import signal
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
    wait_for(url, 120)
    return proc


CPU: list[float] = []


def send(port: int, to: str, raw: bytes) -> float:
    """Wall time of one LMTP delivery; this process's CPU time for it goes into CPU."""
    started, cpu = time.perf_counter(), time.process_time()
    with smtplib.LMTP("127.0.0.1", port) as client:
        refused = client.sendmail("phone@ezweb.ne.jp", [to], raw)
    if refused:
        raise RuntimeError(f"refused: {refused}")
    CPU.append(time.process_time() - cpu)
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

    # Stopped with SIGTERM, still stop moto and the emulator (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
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
    emulator_args = [sys.executable, "manage.py", "xemulator", "--port", str(x_port)]
    emulator_ready = env["X_API_BASE_URL"] + "/_media/castle.jpg"
    emulator = start(emulator_args, emulator_ready, env)

    def fresh_emulator() -> None:
        # X allows 100 posts per user in 15 minutes (the emulator too): each phase
        # starts with a fresh emulator, which knows the demo user's token again.
        nonlocal emulator
        emulator.terminate()
        emulator.wait(timeout=10)
        emulator = start(emulator_args, emulator_ready, env)

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

        def unique(n: int) -> bytes:
            # A JPEG comment (COM segment) after SOI: the same picture, other bytes, so
            # store_photo's "same photo sent again" shortcut never applies.
            comment = f"bench {n}".encode()
            return (
                photo[:2]
                + b"\xff\xfe"
                + (len(comment) + 2).to_bytes(2, "big")
                + comment
                + photo[2:]
            )

        def mail(n: int, with_photo: bool) -> bytes:
            # au ISO-2022-JP: "写真" + the au sun pictograph (mail JIS 7541), then a counter
            body = b"\x1b$B<L??\x1b(B\x1b$Bu\x41\x1b(B " + str(n).encode()
            return carrier_mail(
                to=to,
                sender="phone@ezweb.ne.jp",
                body=body,
                charset="iso-2022-jp",
                photo=unique(n) if with_photo else None,
            )

        print(f"{len(mail(0, True)) / 1e6:.2f} MB")
        counter = iter(range(10**9))
        for label, with_photo in (
            ("photo mail -> post (LMTP 250)", True),
            ("text mail -> post", False),
        ):
            fresh_emulator()
            send(lmtp_port, to, mail(next(counter), with_photo))  # warm up
            seconds = [
                send(lmtp_port, to, mail(next(counter), with_photo)) for _ in range(args.mails)
            ]
            report(label, seconds)
            report("  this process's CPU time", CPU[-args.mails :])
            mails = [mail(next(counter), with_photo) for _ in range(args.mails)]
            fresh_emulator()
            started = time.perf_counter()
            with ThreadPoolExecutor(args.connections) as pool:
                list(pool.map(lambda raw: send(lmtp_port, to, raw), mails))
            elapsed = time.perf_counter() - started
            print(
                f"{'':34} {args.mails / elapsed:6.2f} mails/s with {args.connections} connections"
            )
        # Where the time goes, one step at a time, for the same kind of mail.
        from apps.client.models import OutboxItem
        from apps.client.outbox import outbox_send
        from apps.mailgate.message import parse_mail
        from apps.mailgate.models import MailLog
        from apps.photos.services import store_photo

        fresh_emulator()
        steps: dict[str, list[float]] = {"parse": [], "store_photo": [], "upload + post": []}
        for _ in range(min(args.mails, 10)):
            raw = mail(next(counter), True)
            started = time.perf_counter()
            parsed = parse_mail(raw)
            steps["parse"].append(time.perf_counter() - started)
            started = time.perf_counter()
            stored = store_photo(user=user, data=parsed.photos[0].data)
            steps["store_photo"].append(time.perf_counter() - started)
            item = OutboxItem.objects.create(
                user=user,
                text=f"step {stored.pk}",
                photo=stored,
                next_attempt_at="2000-01-01T00:00Z",
            )
            started = time.perf_counter()
            assert outbox_send(item)
            steps["upload + post"].append(time.perf_counter() - started)
        for name, seconds in steps.items():
            report(f"  step: {name}", seconds)

        # Every timed mail must have been posted, not kept for later (that answers faster).
        results = {
            r: MailLog.objects.filter(result=r).count() for r in ("posted", "kept", "refused")
        }
        print(f"mail log: {results}")
        print("load average (1, 5, 15 min): " + " ".join(f"{x:.1f}" for x in os.getloadavg()))
    finally:
        if controller is not None:
            controller.stop()
        for proc in (emulator, moto):
            proc.terminate()
            proc.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
