"""Run the LMTP server that Postfix delivers posting-address mail to."""

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from apps.mailgate.lmtp import LMTPController


class Command(BaseCommand):
    help = "Serve LMTP for posting addresses (MAILGATE_HOST:MAILGATE_PORT)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=None, help="address to listen on")
        parser.add_argument("--port", type=int, default=None, help="port to listen on")

    def handle(self, *args, host, port, **options):
        controller = LMTPController(host=host, port=port)
        controller.start()
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        self.stdout.write(
            f"mailgate: LMTP on {controller.hostname}:{controller.port} "
            f"for @{settings.MAIL_DOMAIN}",
        )
        self.stdout.flush()
        try:
            stop.wait()
        finally:
            controller.stop()
