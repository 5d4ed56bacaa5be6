"""Mail what became of kept mail posts, and new mentions and messages (run every few minutes)."""

from django.core.management.base import BaseCommand

from apps.mailgate.alerts import alerts_send
from apps.xapi import spending


class Command(BaseCommand):
    help = "Mail results of kept mail posts, and new mentions and messages to users who asked."

    def handle(self, *args, **options):
        spending.spend_for("mail_notices")
        run = alerts_send()
        self.stdout.write(
            f"results {run.results}, users {run.users}, mailed {run.mailed}, "
            f"already mailed {run.skipped}"
        )
