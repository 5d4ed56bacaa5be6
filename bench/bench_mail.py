"""Mail in -> post on X for a 3 MB camera photo, through the LMTP server, timed.

Each mail is an au-style ISO-2022-JP mail with a pictograph and a ~3 MB
4000x3000 camera JPEG (EXIF orientation and GPS) sent to a posting address
over LMTP to ``apps.mailgate.lmtp`` (aiosmtpd, in this process). The LMTP
answer comes after the whole path: parse, store the photo with ``store_photo``
on moto's S3 server over HTTP (normalised, variants) while it is uploaded to the X
emulator's media endpoint, keep it in the outbox, post. moto and the emulator run as
their own processes on 127.0.0.1 (a fresh emulator for each phase: X allows 100 posts
per user in 15 minutes); the database is a fresh SQLite file; the LMTP clients are
processes of their own too, so this process's CPU time is the gateway's work alone.
Prints p50/p99 of the LMTP round trip over ``--mails`` mails one at a time with the
gateway's CPU time for each, then mails per second with ``--connections`` parallel LMTP
clients, the same for text-only mails, the steps timed one by one (parse,
``store_photo``, then the upload and post of the outbox), and the bytes of each stored
file of one photo. Not a test.

    .venv/bin/python bench/bench_mail.py [--mails 50] [--connections 4]
"""

import argparse
import multiprocessing
import os
import smtplib
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _harness import PhotoServices, free_port, percentile, print_photo_files  # noqa: E402


def send(port: int, to: str, raw: bytes) -> float:
    """Deliver one mail over LMTP; the wall time. Runs in a client process."""
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

    # The LMTP clients run in their own processes (spawned: this one has threads), so
    # this process's CPU time is the gateway's alone.
    clients = ProcessPoolExecutor(
        max_workers=max(1, args.connections), mp_context=multiprocessing.get_context("spawn")
    )
    controller = None
    lmtp_port = free_port()
    services = PhotoServices(
        "bench-mail",
        MAIL_DOMAIN="post.bench.example",
        MAIL_POSTS_PER_HOUR="100000",
        EMAIL_URL="dummymail://",
    )
    try:
        with services:
            from django.contrib.auth import get_user_model

            from apps.accounts.models import XAccount
            from apps.mailgate.addresses import address_for, new_token, token_hash
            from apps.mailgate.lmtp import LMTPController
            from apps.mailgate.models import PostingAddress
            from apps.xemulator import seed
            from tests.mailgate.mails import carrier_mail
            from tests.photos.images import camera_jpeg

            user = get_user_model().objects.create_user("xdemo")
            account = XAccount(user=user, x_user_id=seed.DEMO_USER_ID, screen_name="demo")
            account.set_token(seed.DEMO_ACCESS_TOKEN, seed.DEMO_ACCESS_TOKEN_SECRET)
            account.save()
            token = new_token()
            PostingAddress.objects.create(
                user=user, token_hash=token_hash(token), token_encrypted=""
            )
            to = address_for(token)
            controller = LMTPController(host="127.0.0.1", port=lmtp_port)
            controller.start()
            # Every client process started before anything is timed.
            list(clients.map(time.sleep, [0.5] * args.connections))

            photo = camera_jpeg()
            print(f"photo: {len(photo) / 1e6:.2f} MB JPEG; mail with it: ", end="")

            def unique(n: int) -> bytes:
                # A JPEG comment (COM segment) after SOI: the same picture, other bytes,
                # so store_photo's "same photo sent again" shortcut never applies.
                comment = f"bench {n}".encode()
                return (
                    photo[:2]
                    + b"\xff\xfe"
                    + (len(comment) + 2).to_bytes(2, "big")
                    + comment
                    + photo[2:]
                )

            def mail(n: int, with_photo: bool) -> bytes:
                # au ISO-2022-JP: "写真" + the au sun pictograph (mail JIS 7541), a counter
                body = b"\x1b$B<L??\x1b(B\x1b$Bu\x41\x1b(B " + str(n).encode()
                return carrier_mail(
                    to=to,
                    sender="phone@ezweb.ne.jp",
                    body=body,
                    charset="iso-2022-jp",
                    photo=unique(n) if with_photo else None,
                )

            def one(raw: bytes) -> tuple[float, float]:
                """One mail at a time: (wall time, this process's CPU time)."""
                cpu = time.process_time()
                wall = clients.submit(send, lmtp_port, to, raw).result()
                return wall, time.process_time() - cpu

            print(f"{len(mail(0, True)) / 1e6:.2f} MB")
            counter = iter(range(10**9))
            for label, with_photo in (
                ("photo mail -> post (LMTP 250)", True),
                ("text mail -> post", False),
            ):
                services.fresh_emulator()
                one(mail(next(counter), with_photo))  # warm up
                servers_cpu = services.servers_cpu()
                timed = [one(mail(next(counter), with_photo)) for _ in range(args.mails)]
                servers_cpu = services.servers_cpu() - servers_cpu
                report(label, [wall for wall, _ in timed])
                report("  gateway CPU time (this process)", [cpu for _, cpu in timed])
                print(
                    f"{'':34} moto and the emulator: {servers_cpu / args.mails * 1000:.0f} ms"
                    " of CPU a mail"
                )
                mails = [mail(next(counter), with_photo) for _ in range(args.mails)]
                services.fresh_emulator()
                started, cpu = time.perf_counter(), time.process_time()
                list(clients.map(send, [lmtp_port] * len(mails), [to] * len(mails), mails))
                elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
                print(
                    f"{'':34} {args.mails / elapsed:6.2f} mails/s with {args.connections}"
                    f" connections, {cpu / args.mails * 1000:.0f} ms of gateway CPU a mail"
                )
            # Where the time goes, one step at a time, for the same kind of mail.
            from apps.client.models import OutboxItem
            from apps.client.outbox import outbox_send
            from apps.mailgate.message import parse_mail
            from apps.mailgate.models import MailLog
            from apps.photos.models import Photo
            from apps.photos.services import store_photo

            services.fresh_emulator()
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

            # Every timed mail must have been posted, not kept for later (that answers sooner).
            results = {
                r: MailLog.objects.filter(result=r).count() for r in ("posted", "kept", "refused")
            }
            print(f"mail log: {results}")
            print_photo_files(Photo.objects.order_by("-pk").first())
            print("load average (1, 5, 15 min): " + " ".join(f"{x:.1f}" for x in os.getloadavg()))
            controller.stop()
            controller = None
    finally:
        if controller is not None:
            controller.stop()
        clients.shutdown()


if __name__ == "__main__":
    main()
