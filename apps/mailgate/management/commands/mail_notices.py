"""Mail opted-in users their new mentions and direct messages (run every few minutes)."""

from django.core.management.base import BaseCommand

from apps.mailgate.alerts import alerts_send


class Command(BaseCommand):
    help = "Mail new mentions and direct messages to users who asked for them."

    def handle(self, *args, **options):
        run = alerts_send()
        self.stdout.write(f"users {run.users}, mailed {run.mailed}, already mailed {run.skipped}")
