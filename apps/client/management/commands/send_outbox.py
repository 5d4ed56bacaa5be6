"""Retry the outbox items whose time has come (run from cron or a systemd timer).

First the spool: writes this node kept while the database was away move into the
outbox. A database that does not answer is "try again later": the command says
so and exits with EX_TEMPFAIL (75), which the systemd unit counts as success, so
the timer runs it again next minute and nothing restarts in a loop.
"""

import logging

from django.core.management.base import BaseCommand, CommandError

from apps.client.outbox import outbox_due, outbox_send
from apps.client.spool import spool_drain
from apps.xapi import spending
from yubitter.outage import DATABASE_AWAY

logger = logging.getLogger(__name__)

# sysexits.h: a temporary failure; the caller is invited to retry later.
EX_TEMPFAIL = 75


class Command(BaseCommand):
    help = "Move spooled writes into the outbox, then send the items X refused earlier."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500, help="at most this many items")
        parser.add_argument(
            "--spool-only", action="store_true", help="only move the spool into the outbox"
        )

    def handle(self, *args, limit, spool_only, **options):
        spending.spend_for("send_outbox")
        moved = sent = tried = 0
        try:
            moved = spool_drain()
            if not spool_only:
                for item in outbox_due()[:limit]:
                    tried += 1
                    sent += outbox_send(item)
        except DATABASE_AWAY as exc:
            logger.warning("send_outbox: the database is away: %r", exc)
            raise CommandError(
                f"the database does not answer ({type(exc).__name__}); try again later "
                f"(moved {moved}, tried {tried}, sent {sent} before it went)",
                returncode=EX_TEMPFAIL,
            ) from exc
        self.stdout.write(f"moved {moved} from the spool, tried {tried}, sent {sent}")
