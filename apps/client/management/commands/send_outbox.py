"""Retry the outbox items whose time has come (run from cron or a systemd timer)."""

from django.core.management.base import BaseCommand

from apps.client.outbox import outbox_due, outbox_send


class Command(BaseCommand):
    help = "Send outbox items that X refused earlier for a passing reason."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500, help="at most this many items")

    def handle(self, *args, limit, **options):
        sent = tried = 0
        for item in outbox_due()[:limit]:
            tried += 1
            sent += outbox_send(item)
        self.stdout.write(f"tried {tried}, sent {sent}")
