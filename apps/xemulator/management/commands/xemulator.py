"""``manage.py xemulator``: run the local X emulator in the foreground."""

from django.core.management.base import BaseCommand

from apps.xemulator import seed
from apps.xemulator.server import EmulatorServer


class Command(BaseCommand):
    help = "Run the local X API emulator (a stand-in for api.x.com) until interrupted."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8001)
        parser.add_argument(
            "--local-media",
            action="store_true",
            help="serve seeded photos and avatars from this emulator's /_media/ "
            "instead of pbs.twimg.com",
        )
        parser.add_argument(
            "--tier",
            choices=["pay-per-use", "self-serve", "enterprise"],
            default="pay-per-use",
            help="access: pay-per-use (self-serve, X's default since 2026) charges credits and "
            "refuses likes, follows, quotes and unsummoned replies; enterprise allows them",
        )

    def handle(self, *args, host, port, local_media=False, tier="pay-per-use", **options):
        server = EmulatorServer(host=host, port=port, local_media=local_media).start()
        server.state.set_tier(tier)
        self.stdout.write(f"X emulator listening on {server.base_url}")
        self.stdout.write(f"  consumer key:    {seed.DEMO_CONSUMER_KEY}")
        self.stdout.write(f"  consumer secret: {seed.DEMO_CONSUMER_SECRET}")
        self.stdout.write(f"  demo login:      {seed.DEMO_USERNAME} / {seed.DEMO_PASSWORD}")
        self.stdout.write(f"  demo token:      {seed.DEMO_ACCESS_TOKEN}")
        self.stdout.flush()
        try:
            server.wait()
        except KeyboardInterrupt:
            server.stop()
