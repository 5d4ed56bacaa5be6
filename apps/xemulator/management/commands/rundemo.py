"""``manage.py rundemo``: the X emulator and the gateway together, stopped together."""

import sys
import time
import urllib.error
import urllib.request

from django.core.management.base import BaseCommand, CommandError

from apps.xemulator import seed
from yubitter import children


def answers(url: str) -> bool:
    """Whether an HTTP server answers at `url` (any status counts)."""
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


class Command(BaseCommand):
    help = (
        "Run the X emulator and the gateway (runserver) until SIGTERM, SIGINT or the "
        "death of this command's parent; print the address once the gateway answers."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--emulator-port", type=int, default=8001)
        parser.add_argument("--ready-timeout", type=float, default=120.0)

    def handle(self, *args, host, port, emulator_port, ready_timeout, **options):
        # If whatever started us (make) dies, even by SIGKILL, we stop and so do the servers.
        children.die_with_parent()
        manage = [sys.executable, sys.argv[0]]
        gateway_url = f"http://{host}:{port}/"
        emulator_url = f"http://{host}:{emulator_port}/"
        started = []
        try:
            with children.stop_on_signals():
                started.append(
                    children.start(
                        [*manage, "xemulator", "--host", host, "--port", str(emulator_port)]
                        + ["--local-media"],
                        stdout=sys.stderr,
                    )
                )
                started.append(
                    children.start([*manage, "runserver", "--noreload", f"{host}:{port}"])
                )
                self._wait_until_ready(started, [gateway_url, emulator_url], ready_timeout)
                self.stdout.write(f"\nyubitter:   {gateway_url}")
                self.stdout.write(
                    f"X emulator: {emulator_url}  (demo login on its sign-in page: "
                    f"{seed.DEMO_USERNAME} / {seed.DEMO_PASSWORD})\n"
                )
                self.stdout.flush()
                gone = children.wait_any(started)
                raise CommandError(f"{' '.join(gone.args[2:4])} stopped ({gone.returncode})")
        except children.Stop as stop:
            self.stderr.write(f"{stop}: stopping the gateway and the X emulator")
        finally:
            for process in reversed(started):
                children.terminate(process)

    @staticmethod
    def _wait_until_ready(started, urls, timeout):
        deadline = time.monotonic() + timeout
        waiting = list(urls)
        while waiting:
            for process in started:
                if process.poll() is not None:
                    raise CommandError(f"{' '.join(process.args[2:4])} did not start")
            if time.monotonic() > deadline:
                raise CommandError(f"nothing answers at {', '.join(waiting)}")
            waiting = [url for url in waiting if not answers(url)]
            if waiting:
                time.sleep(0.2)
